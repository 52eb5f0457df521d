"""The places: provinces and cities the user may read."""

from api import serializers
from api.base import ReadOnlyViewSet
from kotaku.access import cities_readable_by, scope_for
from kotaku.models import Province


class ProvinceViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ProvinceSerializer
    updated_field = "updated_at"

    def get_queryset(self):
        scope = scope_for(self.request.user)
        provinces = Province.objects.all()
        if scope.national:
            return provinces
        return provinces.filter(cities__in=scope.readable_cities).distinct()


class CityViewSet(ReadOnlyViewSet):
    serializer_class = serializers.CitySerializer
    updated_field = "updated_at"

    def get_queryset(self):
        return cities_readable_by(self.request.user)

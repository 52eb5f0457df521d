"""Serializers: English field names, one per record kind."""

from rest_framework import serializers

from kotaku.models import City, Province


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name", "updated_at"]


class CitySerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)

    class Meta:
        model = City
        fields = ["code", "name", "kind", "province", "is_bdc_pilot", "updated_at"]

"""Plausible positions for the demo and national data sets: a few kilometres around a centre.

The 15 pilot cities have their real centres (rounded); the invented cities of the national
data set sit within about 80 km of their province's centre. Every draw comes from a generator
of its own, so adding positions shifts nothing else the seeds draw.
"""

import hashlib
import math
import random
from decimal import Decimal

# Centre (latitude, longitude) of each pilot city: the town hall, roughly.
CITY_CENTRES = {
    "1275": (3.5952, 98.6722),  # Kota Medan
    "1377": (-0.6264, 100.1179),  # Kota Pariaman
    "1571": (-1.6101, 103.6131),  # Kota Jambi
    "1671": (-2.9761, 104.7754),  # Kota Palembang
    "1672": (-4.0217, 103.2522),  # Kota Pagar Alam
    "1810": (-5.3581, 104.9744),  # Kabupaten Pringsewu
    "1871": (-5.3971, 105.2668),  # Kota Bandar Lampung
    "1872": (-5.1131, 105.3067),  # Kota Metro
    "3603": (-6.2644, 106.4870),  # Kabupaten Tangerang (Tigaraksa)
    "3218": (-7.6976, 108.6546),  # Kabupaten Pangandaran
    "3205": (-7.2167, 107.9000),  # Kabupaten Garut
    "3201": (-6.4815, 106.8540),  # Kabupaten Bogor (Cibinong)
    "3278": (-7.3274, 108.2207),  # Kota Tasikmalaya
    "3273": (-6.9175, 107.6191),  # Kota Bandung
    "6171": (-0.0263, 109.3425),  # Kota Pontianak
}

# Centre of each province (its capital, roughly), for the invented cities around it.
PROVINCE_CENTRES = {
    "11": (5.55, 95.32), "12": (3.59, 98.67), "13": (-0.95, 100.35), "14": (0.51, 101.45),
    "15": (-1.61, 103.61), "16": (-2.98, 104.78), "17": (-3.80, 102.27), "18": (-5.40, 105.27),
    "19": (-2.13, 106.12), "21": (0.92, 104.45), "31": (-6.18, 106.83), "32": (-6.92, 107.62),
    "33": (-6.97, 110.42), "34": (-7.80, 110.36), "35": (-7.25, 112.75), "36": (-6.12, 106.15),
    "51": (-8.65, 115.22), "52": (-8.58, 116.12), "53": (-10.17, 123.61), "61": (-0.03, 109.34),
    "62": (-2.21, 113.92), "63": (-3.32, 114.59), "64": (-0.50, 117.15), "65": (2.84, 117.37),
    "71": (1.47, 124.84), "72": (-0.90, 119.87), "73": (-5.15, 119.43), "74": (-3.97, 122.51),
    "75": (0.54, 123.06), "76": (-2.68, 118.89), "81": (-3.70, 128.18), "82": (0.79, 127.38),
    "91": (-0.86, 134.06), "94": (-2.53, 140.72),
}  # fmt: skip
INDONESIA = (-2.5, 118.0)

KM_PER_DEGREE = 111.32
PLACES = Decimal("0.000001")


def rng_for(*parts: object) -> random.Random:
    """A generator of its own for the positions of one city and kind of record."""
    return random.Random(":".join(["kotaku-positions", *map(str, parts)]))


def offset(centre: tuple[float, float], rng: random.Random, km: float) -> tuple[float, float]:
    """A point within `km` of `centre`, denser towards it (as a town is)."""
    distance = km * math.sqrt(rng.random()) * rng.random()
    bearing = rng.uniform(0, 2 * math.pi)
    lat = centre[0] + distance * math.cos(bearing) / KM_PER_DEGREE
    lon = centre[1] + distance * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return lat, lon


def as_decimals(point: tuple[float, float]) -> tuple[Decimal, Decimal]:
    """A point as the position fields store it (six decimal places)."""
    return tuple(Decimal(repr(v)).quantize(PLACES) for v in point)


def city_centre(code: str, province_code: str, seed: int = 0) -> tuple[float, float]:
    """A pilot city's real centre; for another city, a point near its province's centre,
    drawn from the city's code (the same on every run)."""
    if code in CITY_CENTRES:
        return CITY_CENTRES[code]
    rng = rng_for(seed, code, "centre")
    return offset(PROVINCE_CENTRES.get(province_code, INDONESIA), rng, 80)


def spread_km(kind: str) -> float:
    """How far from its centre a city's records lie: a kota is smaller than a kabupaten."""
    return 4 if kind == "kota" else 12


def area_centre(city_centre: tuple[float, float], name: str, km: float) -> tuple[float, float]:
    """The centre of a kelurahan (or another named part of a city), drawn from its name: its
    KSMs sit close together."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    return offset(city_centre, random.Random(digest), km)


def is_kota(code: str) -> bool:
    """Whether a city code is a kota's: BPS numbers kota from 71 within their province."""
    return int(code[2:]) >= 71

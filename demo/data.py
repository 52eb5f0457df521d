"""Names, places and texts for the demo data set (`manage.py seed_demo`).

Pure data, no Django imports: the command combines these tables with a seeded random generator.
Place names are real kecamatan and kelurahan of the 15 pilot cities; people are invented.
Data is in Indonesian, as the people using the app would write it.
"""

# --- People -------------------------------------------------------------------------------------

# Demo logins: (username, first name, last name, role, area code). The area is a city code for
# city roles, a province code for KMW, None for Pusat. Role values are kotaku.models.Role values.
USERS = [
    ("admin", "Hendra", "Gunawan", "pusat", None),
    ("kmw-lampung", "Dwi", "Anggraini", "kmw", "18"),
    ("korkot-metro", "Agus", "Setiawan", "korkot", "1872"),
    ("fasilitator-metro", "Sri", "Wahyuni", "fasilitator", "1872"),
    ("fasilitator-medan", "Roslina", "Siregar", "fasilitator", "1275"),
    ("pemda-metro", "Bambang", "Supriyadi", "pemda", "1872"),
    ("korkot-medan", "Togar", "Simanjuntak", "korkot", "1275"),
    ("kmw-sumut", "Nurhayati", "Lubis", "kmw", "12"),
    ("kmw-sumbar", "Afrizal", "Chaniago", "kmw", "13"),
    ("kmw-jambi", "Zainal", "Abidin", "kmw", "15"),
    ("kmw-sumsel", "Marlina", "Hamzah", "kmw", "16"),
    ("kmw-jabar", "Dadang", "Suryana", "kmw", "32"),
    ("kmw-banten", "Yuliani", "Rahmawati", "kmw", "36"),
    ("kmw-kalbar", "Firdaus", "Abdullah", "kmw", "61"),
    ("korkot-pariaman", "Yusrizal", "Piliang", "korkot", "1377"),
    ("korkot-jambi", "Herman", "Syahputra", "korkot", "1571"),
    ("korkot-palembang", "Rosita", "Ismail", "korkot", "1671"),
    ("korkot-pagar-alam", "Mulyadi", "Effendi", "korkot", "1672"),
    ("korkot-pringsewu", "Joko", "Purnomo", "korkot", "1810"),
    ("korkot-bandar-lampung", "Rika", "Oktaviani", "korkot", "1871"),
    ("korkot-tangerang", "Iwan", "Kurniawan", "korkot", "3603"),
    ("korkot-pangandaran", "Euis", "Komalasari", "korkot", "3218"),
    ("korkot-garut", "Asep", "Saepudin", "korkot", "3205"),
    ("korkot-bogor", "Deden", "Permana", "korkot", "3201"),
    ("korkot-tasikmalaya", "Lilis", "Nurhayati", "korkot", "3278"),
    ("korkot-bandung", "Cecep", "Hidayat", "korkot", "3273"),
    ("korkot-pontianak", "Juliana", "Hasan", "korkot", "6171"),
    ("fasilitator-pariaman", "Rahmi", "Sikumbang", "fasilitator", "1377"),
    ("fasilitator-jambi", "Hasanudin", "Rahman", "fasilitator", "1571"),
    ("fasilitator-palembang", "Syahrial", "Usman", "fasilitator", "1671"),
    ("fasilitator-pagar-alam", "Nurlela", "Aminah", "fasilitator", "1672"),
    ("fasilitator-pringsewu", "Endang", "Lestari", "fasilitator", "1810"),
    ("fasilitator-bandar-lampung", "Febri", "Saputra", "fasilitator", "1871"),
    ("fasilitator-tangerang", "Neneng", "Rohmah", "fasilitator", "3603"),
    ("fasilitator-pangandaran", "Yayan", "Sopandi", "fasilitator", "3218"),
    ("fasilitator-garut", "Imas", "Kurniasih", "fasilitator", "3205"),
    ("fasilitator-bogor", "Ade", "Ruhiyat", "fasilitator", "3201"),
    ("fasilitator-tasikmalaya", "Ujang", "Kusnadi", "fasilitator", "3278"),
    ("fasilitator-bandung", "Teti", "Mulyani", "fasilitator", "3273"),
    ("fasilitator-pontianak", "Rozali", "Hamzah", "fasilitator", "6171"),
]

# Given names by region and gender ("L" male, "P" female), and family or second names.
# fmt: off
FIRST_NAMES = {
    "jawa": {
        "L": ["Agus", "Bambang", "Budi", "Eko", "Joko", "Slamet", "Sugeng", "Teguh", "Wahyu",
              "Heru", "Suparman", "Purwanto", "Sutrisno", "Darmaji", "Edi", "Yanto"],
        "P": ["Sri", "Sumiati", "Wartini", "Endang", "Suyatmi", "Tri", "Dwi", "Rukmini",
              "Sulastri", "Puji", "Siti", "Yuli", "Ngatini", "Winarsih", "Kartini", "Wiwik"],
    },
    "sunda": {
        "L": ["Asep", "Dadang", "Ujang", "Cecep", "Dede", "Yayan", "Iwan", "Engkos", "Aang", "Ade",
              "Deden", "Ruslan", "Hendi", "Wawan"],
        "P": ["Euis", "Neneng", "Iis", "Cucu", "Enung", "Yati", "Nining", "Teti", "Lilis", "Enok",
              "Imas", "Popon", "Ai", "Rina"],
    },
    "batak": {
        "L": ["Togar", "Parlindungan", "Hotman", "Binsar", "Martua", "Sahat", "Rudi", "Anton",
              "Poltak", "Bonar", "Maruli", "Halomoan"],
        "P": ["Rosmawati", "Tiurma", "Lasma", "Romauli", "Dewi", "Sartika", "Rotua", "Masniari",
              "Erni", "Lamria", "Hotmaida", "Rosdiana"],
    },
    "minang": {
        "L": ["Afrizal", "Syafrudin", "Zulkifli", "Yusrizal", "Novrizal", "Hendri", "Fauzan",
              "Rusdi", "Erizal", "Amril", "Zulfahmi", "Asrul"],
        "P": ["Yusnidar", "Nurhasanah", "Rahmi", "Fitri", "Desmawati", "Yulianis", "Asniar",
              "Elfira", "Nurlaili", "Yenni", "Rosmaini", "Afni"],
    },
    "melayu": {
        "L": ["Azhari", "Syahrial", "Hasanudin", "Mulyadi", "Firdaus", "Zainal", "Rozali",
              "Herman", "Junaidi", "Ismet", "Darmawan", "Rusli"],
        "P": ["Zubaidah", "Nurlela", "Hasanah", "Marlina", "Rosita", "Yuliana", "Halimah",
              "Nurbaiti", "Mariam", "Rahmah", "Suryani", "Aisyah"],
    },
    "lampung": {
        "L": ["Rizal", "Ikhsan", "Hendra", "Febri", "Yudi", "Andi", "Irwan", "Ridwan", "Fikri",
              "Arief"],
        "P": ["Novita", "Rika", "Yulia", "Mega", "Rini", "Desi", "Fitria", "Leni", "Yesi", "Anisa"],
    },
}

LAST_NAMES = {
    "jawa": {
        "L": ["Santoso", "Wibowo", "Purnomo", "Susanto", "Haryanto", "Prasetyo", "Setiawan",
              "Nugroho", "Riyanto", "Saputro", "Widodo", "Sudarmo"],
        "P": ["Rahayu", "Lestari", "Wahyuni", "Handayani", "Wulandari", "Kusumawati", "Susilowati",
              "Mulyani", "Rahmawati", "Ningsih", "Astuti", "Utami"],
    },
    "sunda": {
        "L": ["Hidayat", "Permana", "Suryana", "Kusnadi", "Sopandi", "Saepudin", "Gunawan",
              "Ruhiyat", "Sulaeman", "Hermawan"],
        "P": ["Nurhayati", "Rohmah", "Kurniasih", "Rosita", "Komalasari", "Sumarni", "Hasanah",
              "Mulyani", "Sukaesih", "Nuraeni"],
    },
    "batak": {
        "L": ["Simanjuntak", "Siregar", "Nasution", "Lubis", "Harahap", "Sinaga", "Hutapea",
              "Pasaribu", "Sitompul", "Tambunan", "Manurung", "Situmorang"],
        "P": ["Simanjuntak", "Siregar", "Nasution", "Lubis", "Harahap", "Sinaga", "Hutapea",
              "Pasaribu", "Sitompul", "Tambunan", "Manurung", "Situmorang"],
    },
    "minang": {
        "L": ["Chaniago", "Piliang", "Sikumbang", "Tanjung", "Koto", "Jambak", "Guci"],
        "P": ["Chaniago", "Piliang", "Sikumbang", "Tanjung", "Koto", "Jambak", "Guci"],
    },
    "melayu": {
        "L": ["Abdullah", "Rahman", "Hamzah", "Ismail", "Usman", "Syahputra", "Hasan", "Effendi"],
        "P": ["Aminah", "Zubaidah", "Rosnah", "Maimunah", "Fatimah", "Mariani", "Hasanah",
              "Juliana"],
    },
    "lampung": {
        "L": ["Saputra", "Pratama", "Wijaya", "Adinata", "Syahputra", "Kesuma"],
        "P": ["Sari", "Anggraini", "Oktaviani", "Puspita", "Safitri", "Permatasari"],
    },
}
# fmt: on

# Where each pilot city's people come from: a name region is drawn from this list per person.
CITY_NAME_REGIONS = {
    "1275": ["batak", "batak", "melayu", "jawa"],
    "1377": ["minang"],
    "1571": ["melayu", "melayu", "jawa"],
    "1671": ["melayu"],
    "1672": ["melayu", "jawa"],
    "1810": ["jawa", "jawa", "lampung"],
    "1871": ["lampung", "jawa"],
    "1872": ["jawa", "jawa", "lampung"],
    "3603": ["sunda", "jawa"],
    "3218": ["sunda"],
    "3205": ["sunda"],
    "3201": ["sunda", "sunda", "jawa"],
    "3278": ["sunda"],
    "3273": ["sunda", "sunda", "jawa"],
    "6171": ["melayu", "melayu", "jawa"],
}
DEFAULT_NAME_REGIONS = ["jawa", "sunda", "melayu"]

# --- Places -------------------------------------------------------------------------------------

# Per pilot city code: [(kecamatan, [kelurahan, ...]), ...].
GEOGRAPHY = {
    "1275": [
        ("Medan Belawan", ["Belawan I", "Belawan II", "Bagan Deli"]),
        ("Medan Denai", ["Binjai", "Denai", "Tegal Sari Mandala I"]),
        ("Medan Marelan", ["Terjun", "Rengas Pulau"]),
    ],
    "1377": [
        ("Pariaman Tengah", ["Kampung Pondok", "Karan Aur", "Jawi-Jawi II"]),
        ("Pariaman Utara", ["Naras I", "Sungai Rambai"]),
        ("Pariaman Selatan", ["Marunggi", "Taluk"]),
    ],
    "1571": [
        ("Danau Teluk", ["Olak Kemang", "Tanjung Raden", "Ulu Gedong"]),
        ("Pelayangan", ["Tahtul Yaman", "Mudung Laut", "Arab Melayu"]),
        ("Jambi Timur", ["Talang Banjar", "Sulanjana"]),
    ],
    "1671": [
        ("Seberang Ulu I", ["Tuan Kentang", "Silaberanti", "1 Ulu"]),
        ("Kertapati", ["Kemang Agung", "Ogan Baru", "Karya Jaya"]),
        ("Plaju", ["Bagus Kuning", "Plaju Ulu"]),
    ],
    "1672": [
        ("Pagar Alam Utara", ["Alun Dua", "Nendagung", "Bangun Jaya"]),
        ("Pagar Alam Selatan", ["Besemah Serasan", "Ulu Rurah"]),
        ("Dempo Tengah", ["Jokoh", "Candi Jaya"]),
    ],
    "1810": [
        ("Pringsewu", ["Pringsewu Barat", "Pringsewu Timur", "Pringsewu Utara"]),
        ("Gading Rejo", ["Wates", "Tulung Agung", "Blitarejo"]),
        ("Ambarawa", ["Ambarawa Barat", "Jati Agung"]),
    ],
    "1871": [
        ("Panjang", ["Panjang Utara", "Srengsem", "Pidada"]),
        ("Bumi Waras", ["Kangkung", "Sukaraja", "Garuntang"]),
        ("Teluk Betung Selatan", ["Gedong Pakuon", "Pesawahan"]),
    ],
    "1872": [
        ("Metro Pusat", ["Hadimulyo Barat", "Imopuro", "Yosomulyo"]),
        ("Metro Utara", ["Banjarsari", "Purwosari", "Karangrejo"]),
        ("Metro Timur", ["Iringmulyo", "Yosodadi", "Tejo Agung"]),
    ],
    "3603": [
        ("Kosambi", ["Dadap", "Kosambi Barat", "Salembaran Jati"]),
        ("Pasar Kemis", ["Sukaasih", "Kutabaru"]),
        ("Mauk", ["Mauk Barat", "Ketapang"]),
    ],
    "3218": [
        ("Pangandaran", ["Pananjung", "Wonoharjo", "Babakan"]),
        ("Parigi", ["Cibenda", "Karangbenda"]),
        ("Cijulang", ["Batukaras", "Kondangjajar"]),
    ],
    "3205": [
        ("Garut Kota", ["Kota Kulon", "Regol", "Sukamentri"]),
        ("Tarogong Kidul", ["Haurpanggung", "Jayaraga", "Sukagalih"]),
        ("Karangpawitan", ["Suci", "Lebakjaya"]),
    ],
    "3201": [
        ("Cibinong", ["Pakansari", "Nanggewer", "Karadenan"]),
        ("Citeureup", ["Puspanegara", "Tarikolot"]),
        ("Bojonggede", ["Ragajaya", "Waringin Jaya"]),
    ],
    "3278": [
        ("Cihideung", ["Argasari", "Nagarawangi", "Tuguraja"]),
        ("Indihiang", ["Panyingkiran", "Sukamaju Kaler", "Parakannyasag"]),
        ("Tawang", ["Empangsari", "Kahuripan"]),
    ],
    "3273": [
        ("Bandung Kulon", ["Cigondewah Kaler", "Cigondewah Kidul", "Cijerah"]),
        ("Babakan Ciparay", ["Sukahaji", "Margahayu Utara"]),
        ("Cibeunying Kidul", ["Cicadas", "Padasuka", "Sukapada"]),
    ],
    "6171": [
        ("Pontianak Utara", ["Siantan Hulu", "Siantan Tengah", "Batu Layang"]),
        ("Pontianak Timur", ["Tambelan Sampit", "Dalam Bugis", "Tanjung Hulu"]),
        ("Pontianak Barat", ["Sungai Beliung", "Pal Lima"]),
    ],
}

# For a pilot city added later without a GEOGRAPHY entry: names built from the city's name.
FALLBACK_KECAMATAN = [
    ("{city} Utara", ["Sukamaju", "Mekarsari"]),
    ("{city} Selatan", ["Sukajadi", "Harapan Jaya"]),
]

STREETS = [
    "Jl. Jenderal Sudirman",
    "Jl. Ahmad Yani",
    "Jl. Diponegoro",
    "Jl. Imam Bonjol",
    "Jl. Gatot Subroto",
    "Jl. Veteran",
    "Jl. Pahlawan",
    "Jl. Merdeka",
    "Jl. Hasanuddin",
    "Jl. Kartini",
    "Jl. Pattimura",
    "Jl. Sultan Agung",
    "Jl. Cut Nyak Dien",
    "Jl. Dr. Sutomo",
]

# --- KSM and their products ---------------------------------------------------------------------

# A product line a KSM can be built around. `stem` goes into the KSM's name ("KSM <stem> <suffix>");
# products are (name, category, unit, price in Rp, monthly capacity, permits). Category values are
# ksm.models.Product.Category values; `type` is a ksm.models.Ksm.Type value.
PRODUCT_LINES = {
    # Lines found in many cities.
    "keripik_singkong": {
        "stem": "Keripik Singkong",
        "products": [
            (
                "Keripik Singkong Balado",
                "makanan_ringan",
                "bungkus 250 g",
                15000,
                1200,
                "P-IRT, Halal MUI",
            ),
            ("Keripik Singkong Original", "makanan_ringan", "bungkus 250 g", 12000, 1000, "P-IRT"),
            ("Opak Singkong", "makanan_ringan", "bungkus 200 g", 10000, 600, ""),
        ],
    },
    "kue_kering": {
        "stem": "Kue Kering",
        "products": [
            ("Kue Bawang", "makanan_ringan", "toples 500 g", 35000, 300, "P-IRT, Halal MUI"),
            ("Nastar Nanas", "makanan_ringan", "toples 500 g", 75000, 200, "P-IRT"),
            ("Rempeyek Kacang", "makanan_ringan", "bungkus 200 g", 15000, 500, "P-IRT"),
        ],
    },
    "konveksi": {
        "stem": "Konveksi",
        "products": [
            ("Seragam Sekolah", "konveksi", "stel", 120000, 400, ""),
            ("Kemeja Batik Pria", "konveksi", "potong", 150000, 250, ""),
            ("Mukena Bordir", "konveksi", "set", 175000, 150, ""),
        ],
    },
    "anyaman": {
        "stem": "Anyaman Bambu",
        "products": [
            ("Tampah Bambu", "kerajinan", "buah", 25000, 400, ""),
            ("Keranjang Parsel", "kerajinan", "buah", 45000, 250, ""),
            ("Kap Lampu Bambu", "kerajinan", "buah", 85000, 80, ""),
        ],
    },
    "sablon": {
        "stem": "Sablon",
        "products": [
            ("Kaos Sablon Khas Daerah", "konveksi", "potong", 75000, 500, ""),
            ("Tas Belanja Sablon", "konveksi", "buah", 35000, 400, ""),
        ],
    },
    "olahan_ikan": {
        "stem": "Olahan Ikan",
        "products": [
            ("Kerupuk Ikan", "makanan_ringan", "bungkus 250 g", 20000, 800, "P-IRT, Halal MUI"),
            ("Abon Ikan", "makanan_ringan", "bungkus 100 g", 30000, 300, "P-IRT"),
            ("Ikan Asin Jambal", "lainnya", "kg", 90000, 200, ""),
        ],
    },
    "olahan_jahe": {
        "stem": "Jahe Merah",
        "products": [
            ("Jahe Merah Instan", "lainnya", "bungkus 250 g", 25000, 500, "P-IRT"),
            ("Sirup Jahe", "lainnya", "botol 500 ml", 30000, 300, "P-IRT, Halal MUI"),
        ],
    },
    "kopi": {
        "stem": "Kopi",
        "products": [
            ("Kopi Robusta Bubuk", "lainnya", "bungkus 250 g", 35000, 600, "P-IRT, Halal MUI"),
            ("Kopi Biji Sangrai", "lainnya", "bungkus 500 g", 65000, 300, "P-IRT"),
        ],
    },
    "gula_aren": {
        "stem": "Gula Aren",
        "products": [
            ("Gula Aren Cetak", "lainnya", "kg", 25000, 800, "P-IRT"),
            ("Gula Semut Aren", "lainnya", "bungkus 250 g", 20000, 500, "P-IRT, Halal MUI"),
        ],
    },
    "daur_ulang": {
        "stem": "Bank Sampah",
        "type": "lingkungan",
        "products": [
            ("Tas Daur Ulang Bungkus Kopi", "kerajinan", "buah", 65000, 120, ""),
            ("Pupuk Kompos", "lainnya", "karung 20 kg", 30000, 200, ""),
        ],
    },
    "difabel": {
        "stem": "Difabel Berkarya",
        "type": "sosial",
        "products": [
            ("Keset Kain Perca", "kerajinan", "buah", 20000, 300, ""),
            ("Bros Flanel", "kerajinan", "lusin", 36000, 150, ""),
        ],
    },
    # Lines that belong to one place.
    "bika_ambon": {
        "stem": "Bika Ambon",
        "products": [
            ("Bika Ambon Pandan", "makanan_ringan", "kotak", 85000, 400, "P-IRT, Halal MUI"),
            ("Bolu Gulung Keju", "makanan_ringan", "kotak", 70000, 300, "P-IRT"),
        ],
    },
    "ulos": {
        "stem": "Ulos",
        "products": [
            ("Ulos Ragi Hotang", "tenun", "lembar", 450000, 40, ""),
            ("Selendang Ulos", "tenun", "lembar", 150000, 80, ""),
        ],
    },
    "markisa": {
        "stem": "Sirup Markisa",
        "products": [("Sirup Markisa", "lainnya", "botol 620 ml", 45000, 500, "P-IRT, Halal MUI")],
    },
    "sulaman": {
        "stem": "Sulaman",
        "products": [
            ("Selendang Sulaman Benang Emas", "kerajinan", "lembar", 350000, 40, ""),
            ("Kerudung Sulam Kapalo Samek", "konveksi", "buah", 175000, 100, ""),
        ],
    },
    "sala_lauak": {
        "stem": "Sala Lauak",
        "products": [
            ("Sala Lauak Siap Goreng", "makanan_ringan", "bungkus isi 20", 25000, 600, "P-IRT"),
            ("Kerupuk Sanjai", "makanan_ringan", "bungkus 250 g", 20000, 700, "P-IRT, Halal MUI"),
        ],
    },
    "kerupuk_jangek": {
        "stem": "Kerupuk Jangek",
        "products": [
            ("Kerupuk Jangek", "makanan_ringan", "bungkus 200 g", 30000, 400, "P-IRT, Halal MUI")
        ],
    },
    "batik_jambi": {
        "stem": "Batik Jambi",
        "products": [
            ("Kain Batik Tulis Motif Angso Duo", "kerajinan", "lembar", 450000, 50, ""),
            ("Kemeja Batik Jambi", "konveksi", "potong", 225000, 120, ""),
        ],
    },
    "dodol_nanas": {
        "stem": "Dodol Nanas",
        "products": [
            ("Dodol Nanas Tangkit", "makanan_ringan", "kotak 250 g", 20000, 500, "P-IRT"),
            ("Selai Nanas", "lainnya", "toples 250 g", 25000, 300, "P-IRT"),
        ],
    },
    "olahan_patin": {
        "stem": "Olahan Patin",
        "products": [
            (
                "Kerupuk Ikan Patin",
                "makanan_ringan",
                "bungkus 250 g",
                22000,
                700,
                "P-IRT, Halal MUI",
            ),
            ("Abon Ikan Patin", "makanan_ringan", "bungkus 100 g", 35000, 250, "P-IRT"),
        ],
    },
    "songket": {
        "stem": "Songket",
        "products": [
            ("Kain Songket Lepus", "tenun", "lembar", 2500000, 10, ""),
            ("Selendang Songket", "tenun", "lembar", 650000, 30, ""),
        ],
    },
    "jumputan": {
        "stem": "Jumputan",
        "products": [
            ("Kain Jumputan", "kerajinan", "lembar", 250000, 80, ""),
            ("Kemeja Jumputan", "konveksi", "potong", 185000, 100, ""),
        ],
    },
    "kemplang": {
        "stem": "Kemplang",
        "products": [
            (
                "Kemplang Panggang",
                "makanan_ringan",
                "bungkus 250 g",
                25000,
                900,
                "P-IRT, Halal MUI",
            ),
            ("Pempek Beku", "lainnya", "kotak isi 10", 60000, 400, "P-IRT"),
        ],
    },
    "teh": {
        "stem": "Teh Dempo",
        "products": [
            ("Teh Hijau Dempo", "lainnya", "bungkus 100 g", 25000, 400, "P-IRT"),
            ("Teh Hitam Celup", "lainnya", "kotak isi 25", 15000, 600, "P-IRT, Halal MUI"),
        ],
    },
    "tapis": {
        "stem": "Tapis",
        "products": [
            ("Kain Tapis Lampung", "tenun", "lembar", 750000, 25, ""),
            ("Tas Tapis", "kerajinan", "buah", 150000, 80, ""),
            ("Dompet Tapis", "kerajinan", "buah", 60000, 150, ""),
        ],
    },
    "keripik_pisang": {
        "stem": "Keripik Pisang",
        "products": [
            (
                "Keripik Pisang Cokelat",
                "makanan_ringan",
                "bungkus 250 g",
                25000,
                1500,
                "P-IRT, Halal MUI",
            ),
            ("Keripik Pisang Manis", "makanan_ringan", "bungkus 250 g", 20000, 1200, "P-IRT"),
            ("Lempok Durian", "makanan_ringan", "bungkus 250 g", 45000, 200, "P-IRT"),
        ],
    },
    "tenun_siger": {
        "stem": "Tenun Siger",
        "products": [
            ("Kain Tenun Motif Siger", "tenun", "lembar", 650000, 30, ""),
            ("Sarung Tenun", "tenun", "lembar", 250000, 60, ""),
        ],
    },
    "bandeng": {
        "stem": "Olahan Bandeng",
        "products": [
            ("Bandeng Presto", "lainnya", "ekor", 35000, 600, "P-IRT, Halal MUI"),
            ("Otak-otak Bandeng", "makanan_ringan", "bungkus isi 10", 30000, 400, "P-IRT"),
        ],
    },
    "kerang": {
        "stem": "Kerajinan Kerang",
        "products": [
            ("Hiasan Dinding Kerang", "kerajinan", "buah", 75000, 150, ""),
            ("Gantungan Kunci Kerang", "kerajinan", "lusin", 30000, 300, ""),
        ],
    },
    "gula_kelapa": {
        "stem": "Gula Kelapa",
        "products": [
            ("Gula Kelapa Cetak", "lainnya", "kg", 22000, 1000, "P-IRT"),
            ("Gula Semut Kelapa", "lainnya", "bungkus 250 g", 18000, 500, "P-IRT, Halal MUI"),
        ],
    },
    "dodol": {
        "stem": "Dodol Garut",
        "products": [
            (
                "Dodol Garut Aneka Rasa",
                "makanan_ringan",
                "kotak 500 g",
                30000,
                1200,
                "P-IRT, Halal MUI",
            ),
            ("Dodol Wijen", "makanan_ringan", "kotak 250 g", 18000, 600, "P-IRT"),
        ],
    },
    "kulit": {
        "stem": "Kerajinan Kulit",
        "products": [
            ("Jaket Kulit Domba", "konveksi", "potong", 850000, 40, ""),
            ("Dompet Kulit", "kerajinan", "buah", 125000, 200, ""),
        ],
    },
    "batik_garutan": {
        "stem": "Batik Garutan",
        "products": [("Kain Batik Garutan", "kerajinan", "lembar", 300000, 60, "")],
    },
    "talas": {
        "stem": "Olahan Talas",
        "products": [
            ("Keripik Talas", "makanan_ringan", "bungkus 200 g", 18000, 800, "P-IRT, Halal MUI"),
            ("Bolu Talas", "makanan_ringan", "kotak", 45000, 300, "P-IRT"),
        ],
    },
    "sepatu": {
        "stem": "Sepatu Kulit",
        "products": [
            ("Sepatu Kulit Pria", "lainnya", "pasang", 275000, 120, ""),
            ("Sandal Kulit", "lainnya", "pasang", 95000, 250, ""),
        ],
    },
    "bordir": {
        "stem": "Bordir",
        "products": [
            ("Kebaya Bordir", "konveksi", "potong", 275000, 150, ""),
            ("Mukena Bordir Tasik", "konveksi", "set", 225000, 200, ""),
        ],
    },
    "payung_geulis": {
        "stem": "Payung Geulis",
        "products": [("Payung Geulis Hias", "kerajinan", "buah", 85000, 200, "")],
    },
    "mendong": {
        "stem": "Anyaman Mendong",
        "products": [
            ("Tikar Mendong", "kerajinan", "lembar", 60000, 300, ""),
            ("Tas Anyaman Mendong", "kerajinan", "buah", 95000, 150, ""),
        ],
    },
    "rajut": {
        "stem": "Rajut",
        "products": [
            ("Sweter Rajut", "konveksi", "potong", 150000, 300, ""),
            ("Topi Rajut", "konveksi", "buah", 45000, 500, ""),
        ],
    },
    "keripik_pedas": {
        "stem": "Keripik Pedas",
        "products": [
            (
                "Keripik Singkong Pedas Daun Jeruk",
                "makanan_ringan",
                "bungkus 200 g",
                17000,
                1000,
                "P-IRT, Halal MUI",
            ),
            ("Basreng Pedas", "makanan_ringan", "bungkus 200 g", 15000, 800, "P-IRT"),
        ],
    },
    "lidah_buaya": {
        "stem": "Olahan Lidah Buaya",
        "products": [
            ("Minuman Lidah Buaya", "lainnya", "gelas 220 ml", 5000, 3000, "P-IRT, Halal MUI"),
            ("Dodol Lidah Buaya", "makanan_ringan", "kotak 250 g", 25000, 400, "P-IRT"),
        ],
    },
    "tenun_insang": {
        "stem": "Tenun Corak Insang",
        "products": [("Kain Tenun Corak Insang", "tenun", "lembar", 750000, 20, "")],
    },
    "amplang": {
        "stem": "Amplang",
        "products": [
            (
                "Amplang Ikan Tenggiri",
                "makanan_ringan",
                "bungkus 250 g",
                35000,
                600,
                "P-IRT, Halal MUI",
            )
        ],
    },
}

# The product lines of each pilot city, local ones first.
CITY_PRODUCT_LINES = {
    "1275": [
        "bika_ambon",
        "ulos",
        "markisa",
        "olahan_ikan",
        "konveksi",
        "keripik_singkong",
        "daur_ulang",
    ],
    "1377": ["sulaman", "sala_lauak", "kerupuk_jangek", "olahan_ikan", "konveksi", "difabel"],
    "1571": ["batik_jambi", "dodol_nanas", "olahan_patin", "anyaman", "kue_kering", "daur_ulang"],
    "1671": ["songket", "jumputan", "kemplang", "kue_kering", "konveksi", "daur_ulang"],
    "1672": ["kopi", "teh", "keripik_singkong", "anyaman", "gula_aren", "difabel"],
    "1810": ["tapis", "gula_aren", "keripik_singkong", "konveksi", "anyaman", "kue_kering"],
    "1871": ["keripik_pisang", "tenun_siger", "kopi", "olahan_ikan", "sablon", "daur_ulang"],
    "1872": [
        "keripik_pisang",
        "tenun_siger",
        "tapis",
        "konveksi",
        "kue_kering",
        "olahan_jahe",
        "anyaman",
        "difabel",
        "daur_ulang",
    ],
    "3603": ["bandeng", "anyaman", "konveksi", "kue_kering", "daur_ulang"],
    "3218": ["kerang", "gula_kelapa", "olahan_ikan", "keripik_singkong", "difabel"],
    "3205": ["dodol", "kulit", "batik_garutan", "konveksi", "olahan_jahe"],
    "3201": ["talas", "sepatu", "anyaman", "kue_kering", "daur_ulang"],
    "3278": ["bordir", "payung_geulis", "mendong", "kue_kering", "olahan_jahe"],
    "3273": ["konveksi", "rajut", "sablon", "keripik_pedas", "sepatu", "difabel", "daur_ulang"],
    "6171": ["lidah_buaya", "tenun_insang", "amplang", "kue_kering", "daur_ulang"],
}
DEFAULT_PRODUCT_LINES = ["keripik_singkong", "kue_kering", "konveksi", "anyaman", "daur_ulang"]

KSM_NAME_SUFFIXES = [
    "Makmur",
    "Sejahtera",
    "Jaya",
    "Mandiri",
    "Berkah",
    "Maju Bersama",
    "Lestari",
    "Sentosa",
    "Bersatu",
    "Barokah",
    "Mulya",
    "Harapan",
    "Karya Bunda",
    "Sumber Rezeki",
    "Kartini",
]

# What members do, by the category of their group's flagship product.
MEMBER_BUSINESSES = {
    "makanan_ringan": [
        "Produksi makanan ringan",
        "Pengemasan produk",
        "Warung kelontong",
        "Pedagang kue keliling",
        "Pemasaran produk",
        "Pemasok bahan baku",
    ],
    "tenun": ["Penenun", "Pewarna benang", "Perajin motif", "Pemasaran kain tenun"],
    "konveksi": ["Penjahit rumahan", "Pemotong pola", "Pembordir", "Pedagang pakaian", "Penyablon"],
    "kerajinan": [
        "Perajin",
        "Pengrajin anyaman",
        "Finishing dan pewarnaan",
        "Pemasaran daring",
        "Pengumpul bahan baku",
    ],
    "lainnya": [
        "Pengolah hasil kebun",
        "Pedagang pasar",
        "Produksi rumahan",
        "Pemasaran produk",
        "Buruh harian",
    ],
}

# --- The BDC --------------------------------------------------------------------------------------

# (position, unsur): the 19 seats of a typical Komite. Unsur values are bdc.models.BdcPerson.Unsur.
KOMITE_SEATS = [
    ("Ketua", "pemda"),
    ("Wakil Ketua", "masyarakat"),
    ("Sekretaris", "akademisi"),
    ("Bendahara", "bank"),
    ("Anggota", "pemda"),
    ("Anggota", "pemda"),
    ("Anggota", "lkm"),
    ("Anggota", "lkm"),
    ("Anggota", "lkm"),
    ("Anggota", "ksm"),
    ("Anggota", "ksm"),
    ("Anggota", "ksm"),
    ("Anggota", "usaha"),
    ("Anggota", "usaha"),
    ("Anggota", "bank"),
    ("Anggota", "media"),
    ("Anggota", "akademisi"),
    ("Anggota", "masyarakat"),
    ("Anggota", "profesional"),
]
# Extra seats some Komite have.
KOMITE_EXTRA_SEATS = [("Anggota", "usaha"), ("Anggota", "ksm"), ("Anggota", "masyarakat")]

PENGELOLA_SEATS = [
    ("Manajer", "profesional"),
    ("Staf Keuangan", "profesional"),
    ("Staf Pemasaran", "profesional"),
    ("Staf Administrasi", "masyarakat"),
]

# Outlets other than the BDC Mart: (kind, name template). Kinds are bdc.models.Outlet.Kind values.
OTHER_OUTLETS = [
    ("konsinyasi", "Galeri Dekranasda {city}"),
    ("konsinyasi", "Pusat Oleh-oleh {name}"),
    ("konsinyasi", "Gerai UMKM Kantor {head} {name}"),
    ("minimarket", "Koperasi Karyawan {gov} {name}"),
    ("minimarket", "Swalayan Sentosa {name}"),
    ("minimarket", "Minimarket Syariah Al-Ikhlas"),
    ("online", "Toko daring BDC {name} (Shopee)"),
    ("online", "Toko daring BDC {name} (Tokopedia)"),
    ("lainnya", "Stan Car Free Day {name}"),
]

# Year-one plan: (activity, target, indicator, start month, end month, progress percent).
PLAN_ACTIVITIES = [
    (
        "Pelatihan desain kemasan dan label untuk KSM mitra",
        "15 KSM mitra memakai kemasan baru berlabel",
        "Jumlah produk dengan kemasan berlabel",
        2,
        4,
        100,
    ),
    (
        "Pembukaan dan operasional harian BDC Mart",
        "BDC Mart buka 6 hari seminggu",
        "Omzet bulanan BDC Mart",
        1,
        12,
        75,
    ),
    (
        "Fasilitasi sertifikasi P-IRT dan halal produk unggulan",
        "10 produk unggulan bersertifikat P-IRT dan halal",
        "Jumlah sertifikat yang terbit",
        3,
        9,
        60,
    ),
    (
        "Temu bisnis dengan ritel modern dan pembeli besar",
        "3 perjanjian kerja sama pemasaran",
        "Jumlah perjanjian yang ditandatangani",
        5,
        8,
        40,
    ),
    (
        "Pemasaran daring melalui lokapasar dan media sosial",
        "Toko daring aktif dengan 50 transaksi per bulan",
        "Jumlah transaksi daring per bulan",
        4,
        12,
        35,
    ),
    (
        "Pelatihan pembukuan sederhana bagi KSM mitra",
        "Seluruh KSM mitra memiliki buku kas harian",
        "Jumlah KSM dengan pembukuan mutakhir",
        6,
        10,
        20,
    ),
]

TRANCHE_SCENARIOS = {
    1: [
        "Modal kerja BDC Mart dan pembelian produk KSM mitra ({a}%), pelatihan desain kemasan dan "
        "sertifikasi P-IRT ({b}%), operasional Pengelola selama enam bulan pertama ({c}%).",
        "Renovasi dan perlengkapan BDC Mart ({a}%), stok awal produk KSM mitra secara konsinyasi "
        "({b}%), promosi dan pameran produk unggulan ({c}%).",
    ],
    2: [
        "Penguatan modal usaha KSM mitra melalui pola bergulir ({a}%), pemasaran daring dan temu "
        "bisnis ({b}%), peningkatan kapasitas Komite dan Pengelola ({c}%).",
        "Pengembangan outlet dan kerja sama ritel modern ({a}%), pendampingan mutu dan sertifikasi "
        "halal ({b}%), sistem pembukuan dan pelaporan keuangan BDC ({c}%).",
    ],
}

FEASIBILITY_SUMMARY = (
    "Studi kelayakan menilai produk unggulan KSM ({products}) memiliki pasar di {city} dan "
    "sekitarnya. BDC Mart direkomendasikan berlokasi di pusat kota dengan pola konsinyasi, "
    "ditambah pemasaran daring. Titik impas diperkirakan tercapai pada tahun ketiga operasional."
)

# --- Monitoring ---------------------------------------------------------------------------------

# Visit plans: key -> (kind, title template, methods, target_bdc, location template).
# Kinds and methods are monitoring.models.Visit.Kind / Visit.Method values.
VISITS = {
    "monev1": (
        "kunjungan",
        "Monev BDC {city} Tahap 1",
        ["observasi", "wawancara", "verifikasi_dokumen"],
        True,
        "Sekretariat BDC {city}",
    ),
    "monev2": (
        "kunjungan",
        "Monev BDC {city} Tahap 2",
        ["observasi", "wawancara", "verifikasi_dokumen", "fgd"],
        True,
        "Sekretariat BDC {city}",
    ),
    "ksm": (
        "kunjungan",
        "Kunjungan KSM Mitra BDC {city}",
        ["observasi", "wawancara"],
        False,
        "Kel. {kelurahan}, Kec. {kecamatan}",
    ),
    "mart": (
        "kunjungan",
        "Kunjungan BDC Mart {city}",
        ["observasi", "wawancara"],
        True,
        "BDC Mart {city}",
    ),
    "fgd": (
        "fgd",
        "FGD Rencana Usaha Tahun Pertama BDC {city}",
        ["fgd", "verifikasi_dokumen"],
        True,
        "Aula Bappeda {city}",
    ),
    "koordinasi": (
        "koordinasi",
        "Rapat Koordinasi Pengendalian Berjenjang {city}",
        ["wawancara", "verifikasi_dokumen"],
        True,
        "Kantor Korkot {city}",
    ),
    "lokakarya": (
        "lokakarya",
        "Lokakarya Pemasaran Produk KSM {city}",
        ["fgd"],
        False,
        "Aula Kantor {head} {name}",
    ),
}

# Notes on checklist answers, by answer value (monitoring.models.Answer.Value).
ANSWER_NOTES = {
    "ya": [
        "Dokumen tersedia dan sudah ditandatangani.",
        "Sudah berjalan sesuai rencana.",
        "Dikonfirmasi oleh Ketua Komite dan Manajer BDC.",
        "Terlihat saat observasi lapangan.",
    ],
    "sebagian": [
        "Baru sebagian KSM mitra yang memenuhi.",
        "Dokumen ada tetapi belum diperbarui.",
        "Sudah dimulai, belum konsisten.",
        "Masih dalam bentuk draf, belum disahkan rapat Komite.",
    ],
    "tidak": [
        "Belum tersedia saat kunjungan.",
        "Pengelola belum memahami ketentuan ini.",
        "Belum dibahas dalam rapat Komite.",
    ],
    "na": ["Belum relevan pada tahap ini.", "BLM Tahap 2 belum dicairkan."],
}

DOCUMENT_NOTES = {
    "lengkap": [
        "Asli diperlihatkan, salinan diarsipkan fasilitator.",
        "Lengkap dan ditandatangani.",
    ],
    "tidak_lengkap": [
        "Lampiran belum lengkap.",
        "Belum ditandatangani seluruh anggota Komite.",
        "Pencatatan berhenti sejak dua bulan terakhir.",
    ],
    "tidak_ada": ["Belum disusun.", "Disimpan di rumah Ketua Komite, tidak dapat diperiksa."],
}
OTHER_DOCUMENTS = ["Daftar hadir rapat Komite", "Buku inventaris BDC Mart", "Kontrak konsinyasi"]

# Organisations attendees come from, with the positions they hold there.
ATTENDEE_ORGANISATIONS = [
    ("Komite BDC", ["Ketua", "Sekretaris", "Bendahara", "Anggota", "Anggota"]),
    ("Pengelola BDC", ["Manajer", "Staf Keuangan", "Staf Pemasaran"]),
    ("{bkm}", ["Koordinator", "Anggota", "Unit Pengelola Keuangan (UPK)"]),
    ("{ksm}", ["Ketua", "Bendahara", "Anggota", "Anggota"]),
    ("Bappeda {city}", ["Kepala Bidang Ekonomi", "Staf"]),
    ("Dinas Koperasi dan UKM {city}", ["Kepala Seksi", "Staf"]),
    ("Dinas Perindustrian dan Perdagangan {city}", ["Kepala Seksi", "Staf"]),
    ("Tim Fasilitator", ["Senior Fasilitator", "Fasilitator Ekonomi", "Fasilitator Sosial"]),
    ("Tim Korkot {city}", ["Askot Mandiri", "Askot Ekonomi"]),
    ("Kelurahan {kelurahan}", ["Lurah", "Sekretaris Kelurahan"]),
]
BKM_SUFFIXES = [
    "Sejahtera",
    "Maju Bersama",
    "Mandiri",
    "Bina Usaha",
    "Harapan Jaya",
    "Karya Bersama",
]

# Findings by the checklist item they arise from (item codes of the default checklist), each with
# the RKTL actions agreed for it: (finding, [(problem, action, pic tier), ...]).
# Tiers are monitoring.models.Tier values.
FINDINGS = {
    "A1": [
        (
            "Baru sebagian KSM mitra yang menandatangani kesepakatan kerja sama dengan BDC.",
            [
                (
                    "KSM mitra belum seluruhnya terikat kesepakatan kerja sama.",
                    "Memfasilitasi penandatanganan kerja sama dengan seluruh KSM mitra.",
                    "pengelola",
                ),
                (
                    "Kriteria pemilihan KSM mitra belum tertulis.",
                    "Menyusun kriteria KSM mitra dan menetapkannya dalam rapat Komite.",
                    "komite",
                ),
                (
                    "Daftar KSM mitra belum dilaporkan ke Korkot.",
                    "Mengirim daftar KSM mitra yang disepakati kepada Korkot.",
                    "fasilitator",
                ),
            ],
        ),
    ],
    "A2": [
        (
            "Produk unggulan sebagian KSM belum memiliki kemasan dan label yang layak jual.",
            [
                (
                    "Kemasan produk unggulan belum memenuhi standar ritel.",
                    "Mengadakan pendampingan desain kemasan dan label untuk KSM mitra.",
                    "pengelola",
                ),
                (
                    "KSM belum mengurus izin P-IRT.",
                    "Mendampingi KSM mengurus izin P-IRT ke Dinas Kesehatan.",
                    "ksm",
                ),
            ],
        ),
    ],
    "A3": [
        (
            "Catatan produksi dan buku kas KSM tidak diperbarui sejak beberapa bulan terakhir.",
            [
                (
                    "Pembukuan KSM tidak mutakhir.",
                    "Melatih bendahara KSM mengisi buku kas harian dan catatan produksi.",
                    "fasilitator",
                ),
                (
                    "Tidak ada pemeriksaan rutin atas pembukuan KSM.",
                    "Menjadwalkan pemeriksaan pembukuan KSM setiap bulan oleh UPK.",
                    "ksm",
                ),
            ],
        ),
    ],
    "B1": [
        (
            "Rencana usaha dan kegiatan tahun pertama masih berupa draf dan belum disahkan Komite.",
            [
                (
                    "Rencana usaha belum disahkan.",
                    "Membahas dan mengesahkan rencana usaha dalam rapat Komite.",
                    "komite",
                ),
                (
                    "Pengelola dan KSM mitra belum memegang rencana usaha final.",
                    "Membagikan rencana usaha final kepada Pengelola dan KSM mitra.",
                    "pengelola",
                ),
            ],
        ),
    ],
    "B2": [
        (
            "Rencana usaha belum mengacu pada hasil studi kelayakan.",
            [
                (
                    "Rekomendasi studi kelayakan belum dijabarkan dalam rencana usaha.",
                    "Menyelaraskan rencana usaha dengan rekomendasi studi kelayakan.",
                    "komite",
                ),
                (
                    "Pengelola belum menerima salinan studi kelayakan.",
                    "Menyerahkan salinan studi kelayakan kepada Pengelola dan membahasnya.",
                    "korkot",
                ),
            ],
        ),
    ],
    "B3": [
        (
            "Rencana usaha tahun pertama belum memuat target yang terukur dan jadwal.",
            [
                (
                    "Target rencana usaha tidak terukur.",
                    "Merevisi rencana usaha dengan target omzet dan volume per bulan.",
                    "pengelola",
                ),
                (
                    "Jadwal kegiatan tahun pertama belum disusun.",
                    "Menyusun jadwal kegiatan bulanan dan membahasnya dengan Komite.",
                    "pengelola",
                ),
            ],
        ),
    ],
    "B4": [
        (
            "Jenis produk yang dipasarkan belum sesuai potensi pasar setempat.",
            [
                (
                    "Belum ada kajian permintaan pasar per jenis produk.",
                    "Melakukan survei sederhana permintaan pasar di tiga lokasi penjualan.",
                    "pengelola",
                ),
                (
                    "Produk yang kurang laku masih menumpuk di gudang.",
                    "Menyepakati pengembalian atau diskon produk yang tidak laku dengan KSM.",
                    "pengelola",
                ),
            ],
        ),
    ],
    "C1": [
        (
            "SK Komite belum mencakup unsur perbankan dan media.",
            [
                (
                    "Keanggotaan Komite belum mewakili seluruh unsur.",
                    "Mengusulkan revisi SK Komite kepada Pemda dengan unsur perbankan dan media.",
                    "pemda",
                ),
                (
                    "Anggota Komite belum memahami tugasnya.",
                    "Mengadakan orientasi tugas dan fungsi Komite.",
                    "korkot",
                ),
            ],
        ),
    ],
    "C2": [
        (
            "Pengelola belum memahami prosedur pengadaan dan pencatatan keuangan.",
            [
                (
                    "Prosedur operasional BDC belum tertulis.",
                    "Menyusun SOP pengadaan, penjualan, dan pencatatan keuangan BDC.",
                    "pengelola",
                ),
                (
                    "Staf keuangan belum pernah mendapat pelatihan.",
                    "Mengikutsertakan staf keuangan dalam pelatihan pembukuan oleh KMW.",
                    "kmw",
                ),
            ],
        ),
    ],
    "C3": [
        (
            "Rapat pengawasan Komite tidak rutin dilaksanakan.",
            [
                (
                    "Tidak ada jadwal rapat Komite.",
                    "Menetapkan rapat Komite setiap bulan dengan notulen tertulis.",
                    "komite",
                ),
                (
                    "Hasil pengawasan Komite tidak ditindaklanjuti Pengelola.",
                    "Mencatat rekomendasi Komite dan memantau tindak lanjutnya tiap rapat.",
                    "komite",
                ),
            ],
        ),
    ],
    "D1": [
        (
            "Skenario pemanfaatan BLM Tahap 1 hanya berupa total anggaran, belum dirinci.",
            [
                (
                    "Skenario BLM Tahap 1 tidak dirinci per kegiatan.",
                    "Merinci skenario BLM Tahap 1 per kegiatan, volume, dan jadwal.",
                    "pengelola",
                ),
                (
                    "Perubahan skenario belum disetujui Komite.",
                    "Membahas perubahan skenario BLM Tahap 1 dalam rapat Komite.",
                    "komite",
                ),
            ],
        ),
    ],
    "D2": [
        (
            "Skenario pemanfaatan BLM Tahap 2 belum disusun.",
            [
                (
                    "Belum ada rincian rencana penggunaan BLM Tahap 2.",
                    "Menyusun skenario pemanfaatan BLM Tahap 2 dan membahasnya bersama Korkot.",
                    "pengelola",
                ),
                (
                    "Skenario belum dikonsultasikan dengan KMW.",
                    "Mengonsultasikan skenario BLM Tahap 2 kepada KMW sebelum pencairan.",
                    "korkot",
                ),
            ],
        ),
    ],
    "D3": [
        (
            "Realisasi belanja BLM Tahap 1 tertinggal dari jadwal.",
            [
                (
                    "Penyerapan BLM Tahap 1 rendah.",
                    "Menyusun rencana percepatan belanja per bulan sampai akhir tahun.",
                    "pengelola",
                ),
                (
                    "Pengadaan perlengkapan BDC Mart tertunda.",
                    "Menyelesaikan pengadaan etalase dan mesin kasir BDC Mart.",
                    "pengelola",
                ),
                (
                    "Laporan realisasi belum disampaikan ke Korkot.",
                    "Menyampaikan laporan realisasi BLM Tahap 1 setiap bulan ke Korkot.",
                    "fasilitator",
                ),
            ],
        ),
    ],
    "D4": [
        (
            "Dana pendamping daerah belum dianggarkan.",
            [
                (
                    "Pemda belum mengalokasikan dana pendamping.",
                    "Mengajukan usulan dana pendamping BDC dalam APBD Perubahan.",
                    "pemda",
                ),
                (
                    "Belum ada komitmen tertulis dari Bappeda.",
                    "Memfasilitasi audiensi Komite dengan Kepala Bappeda.",
                    "korkot",
                ),
            ],
        ),
    ],
    "E1": [
        (
            "Laporan keuangan BDC belum disusun setiap bulan.",
            [
                (
                    "Laporan keuangan bulanan tidak tersedia.",
                    "Menyusun laporan keuangan bulanan dan menyerahkannya ke Komite.",
                    "pengelola",
                ),
                (
                    "Bukti transaksi tidak diarsipkan dengan baik.",
                    "Mengarsipkan bukti transaksi per bulan dalam map terpisah.",
                    "pengelola",
                ),
            ],
        ),
    ],
    "E2": [
        (
            "Informasi keuangan BDC belum disampaikan kepada KSM mitra dan masyarakat.",
            [
                (
                    "Belum ada papan informasi keuangan.",
                    "Memasang papan informasi keuangan di BDC Mart dan sekretariat BKM.",
                    "pengelola",
                ),
                (
                    "Laporan belum dibahas dalam forum pemangku kepentingan.",
                    "Menyampaikan laporan keuangan dalam rapat triwulanan bersama KSM mitra.",
                    "komite",
                ),
            ],
        ),
    ],
    "F1": [
        (
            "Mekanisme pengendalian berjenjang BDC, Korkot, dan KMW belum disepakati tertulis.",
            [
                (
                    "Alur pelaporan berjenjang belum jelas.",
                    "Menyepakati alur dan format pelaporan berjenjang dalam berita acara.",
                    "korkot",
                ),
                (
                    "Jadwal supervisi KMW belum ditetapkan.",
                    "Menetapkan jadwal supervisi KMW setiap triwulan.",
                    "kmw",
                ),
            ],
        ),
    ],
    "F2": [
        (
            "Pelaporan dari BDC ke Korkot dan KMW tidak rutin.",
            [
                (
                    "Laporan bulanan BDC terlambat disampaikan ke Korkot.",
                    "Menyampaikan laporan bulanan BDC paling lambat tanggal 5 setiap bulan.",
                    "pengelola",
                ),
                (
                    "Korkot belum merekap laporan BDC untuk KMW.",
                    "Merekap laporan BDC dan mengirimkannya ke KMW setiap bulan.",
                    "korkot",
                ),
            ],
        ),
    ],
    "F3": [
        (
            "RKTL kunjungan sebelumnya belum seluruhnya ditindaklanjuti.",
            [
                (
                    "Sebagian RKTL sebelumnya masih tertunda.",
                    "Membahas ulang RKTL yang tertunda dan menetapkan tenggat baru.",
                    "fasilitator",
                ),
                (
                    "Tindak lanjut RKTL tidak didokumentasikan.",
                    "Mendokumentasikan bukti tindak lanjut setiap RKTL.",
                    "fasilitator",
                ),
            ],
        ),
    ],
    "G1": [
        (
            "BDC Mart buka tidak teratur dan etalase produk KSM belum tertata.",
            [
                (
                    "Jam buka BDC Mart tidak tetap.",
                    "Menetapkan jam buka dan jadwal piket penjaga BDC Mart.",
                    "pengelola",
                ),
                (
                    "Produk KSM tidak dipajang menurut kategori.",
                    "Menata etalase menurut kategori produk dan memasang label harga.",
                    "pengelola",
                ),
            ],
        ),
        (
            "Penjualan produk KSM melalui outlet masih rendah.",
            [
                (
                    "Belum ada promosi BDC Mart.",
                    "Melakukan promosi melalui media sosial dan pameran bulanan.",
                    "pengelola",
                ),
                (
                    "Outlet konsinyasi tidak melaporkan penjualan.",
                    "Menyepakati format laporan penjualan bulanan dengan outlet konsinyasi.",
                    "pengelola",
                ),
            ],
        ),
    ],
}

# Findings not tied to a checklist item: (finding, category, [(problem, action, pic tier), ...]).
GENERAL_FINDINGS = [
    (
        "Keterlibatan perempuan dan penyandang disabilitas dalam kegiatan BDC masih rendah.",
        "mekanisme_pengelolaan",
        [
            (
                "Peserta perempuan dalam rapat BDC kurang dari 30 persen.",
                "Mengundang kelompok perempuan dan penyandang disabilitas dalam setiap rapat BDC.",
                "komite",
            ),
            (
                "Tempat pertemuan belum ramah disabilitas.",
                "Memilih lokasi pertemuan yang dapat diakses kursi roda.",
                "pengelola",
            ),
        ],
    ),
    (
        "Koordinasi BDC dengan OPD terkait belum berjalan.",
        "pengendalian",
        [
            (
                "BDC belum terhubung dengan program Dinas Koperasi dan UKM.",
                "Mengadakan rapat koordinasi dengan Dinas Koperasi dan UKM serta Disperindag.",
                "korkot",
            ),
            (
                "Program pelatihan OPD belum menyasar KSM mitra.",
                "Mengusulkan KSM mitra sebagai peserta pelatihan OPD tahun berjalan.",
                "pemda",
            ),
        ],
    ),
]

# Checklist section -> RKTL category (monitoring.models.RktlCategory values).
SECTION_CATEGORY = {
    "A": "kesiapan_ksm",
    "B": "rencana_usaha",
    "C": "kapasitas",
    "D": "pemanfaatan_blm",
    "E": "transparansi",
    "F": "pengendalian",
    "G": "mekanisme_pengelolaan",
}

CANNOT_REASONS = [
    "Dana pendamping daerah tidak dianggarkan dalam APBD tahun berjalan.",
    "KSM mitra sudah tidak aktif sejak pertengahan tahun dan anggotanya pindah usaha.",
    "Lokasi BDC Mart terkena penataan kawasan oleh Pemda sehingga tidak dapat dibuka kembali.",
    "Bank mitra menghentikan program kredit usaha kelompok.",
]

RKTL_PROGRESS_NOTES = [
    "Sudah dibahas dalam rapat Komite, penyusunan sedang berjalan.",
    "Draf sudah disusun, menunggu masukan Korkot.",
    "Sebagian KSM mitra sudah didampingi, sisanya dijadwalkan bulan depan.",
    "Koordinasi awal dengan OPD terkait sudah dilakukan.",
]
RKTL_DONE_NOTES = [
    "Tindak lanjut selesai, berita acara terlampir.",
    "Dokumen sudah ditetapkan dan diserahkan ke Korkot.",
    "Kegiatan sudah dilaksanakan, daftar hadir dan foto terlampir.",
]
RKTL_VERIFY_NOTES = [
    "Bukti sesuai, tindak lanjut diterima.",
    "Sudah diperiksa saat kunjungan, sesuai kesepakatan.",
]
RKTL_REJECT_NOTES = [
    "Bukti belum cukup: berita acara belum ditandatangani Komite.",
    "Dokumen masih draf, mohon dilengkapi versi yang disahkan.",
]
RKTL_DEADLINE_NOTES = [
    "Tenggat diperpanjang karena menunggu jadwal rapat Komite.",
    "Diperpanjang, menunggu pencairan BLM Tahap 2.",
]

# Reviews: comments when sending a visit back, with per-section reasons (keyed by the sections
# of the visit page, monitoring.sections.SECTION_LABELS), and when approving.
RETURN_COMMENTS = [
    (
        "Mohon lengkapi temuan dan RKTL sebelum diajukan kembali.",
        {
            "findings": "Temuan rencana usaha belum disertai RKTL.",
            "attendees": "Jumlah peserta perempuan belum dicatat.",
        },
    ),
    (
        "Tenggat beberapa RKTL tidak realistis, mohon disesuaikan.",
        {"findings": "Tenggat percepatan belanja BLM terlalu pendek."},
    ),
    (
        "Hasil verifikasi dokumen belum diisi lengkap.",
        {"documents": "Status laporan keuangan belum dicatat."},
    ),
]
APPROVE_COMMENTS = [
    "",
    "Sudah sesuai.",
    "Laporan lengkap, lanjutkan pemantauan RKTL.",
    "Disetujui, mohon tenggat RKTL dipantau.",
]

SUMMARY_PARTS = [
    "Kunjungan dihadiri Komite dan Pengelola BDC serta perwakilan KSM mitra.",
    "Rencana usaha tahun pertama sudah tersedia, tetapi sebagian target belum terukur.",
    "BDC Mart sudah beroperasi dan menjual produk unggulan KSM mitra.",
    "Pembukuan BDC belum mutakhir dan perlu pendampingan.",
    "Skenario pemanfaatan BLM Tahap 1 sudah berjalan, Tahap 2 masih disusun.",
    "Komite berkomitmen mengadakan rapat pengawasan setiap bulan.",
]

ASSESSMENT_NOTES = [
    "Penilaian bersama pengurus KSM dan fasilitator.",
    "Kelompok aktif, pembukuan perlu diperbaiki.",
    "Pertemuan rutin berjalan, tabungan kelompok mulai terkumpul.",
    "Sudah bermitra dengan BDC dan koperasi setempat.",
    "",
]

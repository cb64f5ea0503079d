"""Data shared by several test modules."""

ALIASES = [
    ("add", "tambah"),
    ("list", "daftar"),
    ("show", "lihat"),
    ("edit", "ubah"),
    ("delete", "hapus"),
    ("backup", "cadangkan"),
    ("restore", "pulihkan"),
]

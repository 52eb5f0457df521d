"""The map tile server: where its images come from, for the Content Security Policy."""

from urllib.parse import urlsplit


def tile_image_source(url: str) -> str:
    """The CSP source that allows the images of the tile URL template `url`, e.g.
    "https://{s}.tile.example.org/{z}/{x}/{y}.png" -> "https://*.tile.example.org".

    Only the scheme and host (and port): nothing else of the server's is allowed. Raises
    ValueError for anything but an http(s) URL with a host.
    """
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.scheme not in {"https", "http"} or not host:
        raise ValueError(f"not an http(s) URL with a host: {url!r}")
    if "{" in host:
        # Leaflet's {s} subdomain placeholder (a, b, c): any one label in front.
        first, _, rest = host.partition(".")
        if first != "{s}" or "{" in rest or not rest:
            raise ValueError(f"only a leading {{s}} subdomain may be a placeholder: {url!r}")
        host = f"*.{rest}"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"

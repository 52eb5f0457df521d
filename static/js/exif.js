// When and where a JPEG photo was taken, from its EXIF (the APP1 segment), read in the browser.
//
// Photos are shrunk on the device before they are sent (offline/page.js), which drops their
// EXIF; this is read from the original first and sent with the photo as form fields. The
// server prefers what the uploaded file itself says, and checks what it is sent.
// KotakuExif.read(file) -> Promise of {takenAt, latitude, longitude}, each "" when unknown:
// takenAt as "2026-07-22T10:15:00" (local time of the camera), with "+08:00" when the camera
// wrote its offset; the position in degrees, six decimal places.
(function () {
  "use strict";
  const HEAD_BYTES = 256 * 1024;  // EXIF is near the start of the file, at most 64 KB long
  const EXIF_IFD = 0x8769, GPS_IFD = 0x8825, DATE_TIME_ORIGINAL = 0x9003, OFFSET_TIME_ORIGINAL = 0x9011;

  function tiffOf(view) {
    if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null;
    let at = 2;
    while (at + 4 <= view.byteLength && view.getUint8(at) === 0xff) {
      const marker = view.getUint8(at + 1);
      const length = view.getUint16(at + 2);
      if (marker === 0xda) return null;  // the image data: no EXIF before it
      if (marker === 0xe1 && at + 10 <= view.byteLength && view.getUint32(at + 4) === 0x45786966) {
        return at + 10;  // "Exif\0\0", then the TIFF header
      }
      at += 2 + length;
    }
    return null;
  }

  function reader(view, tiff) {
    const order = view.getUint16(tiff);
    if (order !== 0x4949 && order !== 0x4d4d) return null;
    const little = order === 0x4949;
    const u16 = (at) => view.getUint16(at, little);
    const u32 = (at) => view.getUint32(at, little);
    if (u16(tiff + 2) !== 42) return null;
    // The entries of the IFD at `offset` (from the TIFF header), by tag.
    function ifd(offset) {
      const entries = {};
      const start = tiff + offset;
      if (!offset || start + 2 > view.byteLength) return entries;
      const count = u16(start);
      for (let i = 0; i < count; i++) {
        const entry = start + 2 + 12 * i;
        if (entry + 12 > view.byteLength) break;
        entries[u16(entry)] = { type: u16(entry + 2), count: u32(entry + 4), at: entry + 8 };
      }
      return entries;
    }
    function valueAt(entry, size) {
      return entry.count * size <= 4 ? entry.at : tiff + u32(entry.at);
    }
    function ascii(entry) {
      if (!entry || entry.type !== 2) return "";
      const at = valueAt(entry, 1);
      let out = "";
      for (let i = 0; i < entry.count && at + i < view.byteLength; i++) {
        const c = view.getUint8(at + i);
        if (!c) break;
        out += String.fromCharCode(c);
      }
      return out.trim();
    }
    function rationals(entry) {
      if (!entry || entry.type !== 5 || entry.count !== 3) return null;
      const at = valueAt(entry, 8);
      if (at + 24 > view.byteLength) return null;
      return [0, 1, 2].map((i) => u32(at + 8 * i) / u32(at + 8 * i + 4));
    }
    const pointer = (entries, tag) => (entries[tag] ? u32(entries[tag].at) : 0);
    return { ifd, ascii, rationals, pointer, first: () => ifd(u32(tiff + 4)) };
  }

  function degrees(dms, ref, positive, negative, limit) {
    if (!dms || (ref !== positive && ref !== negative)) return null;
    const value = dms[0] + dms[1] / 60 + dms[2] / 3600;
    if (!isFinite(value) || Math.min(...dms) < 0 || value > limit) return null;
    return ref === negative ? -value : value;
  }

  function takenAt(text, offset) {
    const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
    if (!m) return "";
    const local = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
    const when = new Date(local);
    // A camera with its clock unset, or set ahead of this device's: not a time to send.
    if (isNaN(when.getTime()) || +m[1] < 1990 || when.getTime() > Date.now() + 2 * 3600 * 1000) return "";
    return /^[+-]\d{2}:\d{2}$/.test(offset) ? local + offset : local;
  }

  function parse(buffer) {
    const view = new DataView(buffer);
    const tiff = tiffOf(view);
    const place = { takenAt: "", latitude: "", longitude: "" };
    const r = tiff === null ? null : reader(view, tiff);
    if (!r) return place;
    const ifd0 = r.first();
    const details = r.ifd(r.pointer(ifd0, EXIF_IFD));
    place.takenAt = takenAt(r.ascii(details[DATE_TIME_ORIGINAL]), r.ascii(details[OFFSET_TIME_ORIGINAL]));
    const gps = r.ifd(r.pointer(ifd0, GPS_IFD));
    const lat = degrees(r.rationals(gps[2]), r.ascii(gps[1]).toUpperCase(), "N", "S", 90);
    const lng = degrees(r.rationals(gps[4]), r.ascii(gps[3]).toUpperCase(), "E", "W", 180);
    if (lat !== null && lng !== null && !(lat === 0 && lng === 0)) {
      place.latitude = lat.toFixed(6);
      place.longitude = lng.toFixed(6);
    }
    return place;
  }

  async function read(file) {
    try {
      return parse(await file.slice(0, HEAD_BYTES).arrayBuffer());
    } catch (e) {
      return { takenAt: "", latitude: "", longitude: "" };  // a damaged file: the server decides
    }
  }

  window.KotakuExif = { read, parse };
})();

"""Demo images: drawn by the project, resized and encoded on demand, cached on disk.

`catalog` names the pictures, `render` draws and encodes one rendition, `store`
caches renditions on disk, `props` gives a page everything for an `<img>`, and
`api` serves `GET /api/media/<group>/<name>[.<ext>]?w=<width>`.
"""

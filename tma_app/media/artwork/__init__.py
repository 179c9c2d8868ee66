"""Pictures the project draws itself with Pillow: nothing is downloaded or fetched.

`canvas` is the drawing toolkit; `restaurant`, `fitness` and `ecommerce` hold one
function per picture. Which pictures exist, and their sizes and alt texts, is
`tma_app.media.catalog`.
"""

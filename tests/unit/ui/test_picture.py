from tma_app.ui.picture import media_base_url, picture, picture_props


def test_picture_renders_every_attribute_that_prevents_layout_shift():
    rendered = str(picture(picture_props("restaurant/ramen", eager=True)).render())
    for attribute in ("srcSet", "sizes", "width", "height", "alt", "loading", "decoding", "fetchPriority"):
        assert attribute in rendered, attribute
    assert "backgroundImage" in rendered and "data:image/webp;base64" in rendered


def test_pictures_use_one_origin_outside_dev(fresh_settings):
    fresh_settings.setenv("APP_ENV", "test")
    assert media_base_url() == ""
    assert picture_props("fitness/dumbbell")["src"].startswith("/api/media/fitness/dumbbell?w=640")
    fresh_settings.setenv("APP_ENV", "dev")
    from tma_app.core.settings import get_settings

    get_settings.cache_clear()
    assert picture_props("fitness/dumbbell")["src"].startswith("http://localhost:8000/api/media/")

"""The catalog of showcase demos the home screen lists."""

from sqlmodel import Field, SQLModel


class Demo(SQLModel, table=True):
    __tablename__ = "demos"

    slug: str = Field(primary_key=True, max_length=32)
    sort_order: int = 0
    icon: str = Field(max_length=8)
    title_en: str = Field(max_length=80)
    title_ru: str = Field(max_length=80)
    summary_en: str = Field(max_length=280)
    summary_ru: str = Field(max_length=280)
    # False until the demo's own pages ship; the card then says so instead of linking.
    is_available: bool = False


class DemoCard(SQLModel):
    """A catalog entry in one language, as the home screen shows it."""

    slug: str
    icon: str
    title: str
    summary: str
    is_available: bool
    href: str

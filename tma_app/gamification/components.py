"""What the gamification screens share: the card and section-heading styles."""

SECTION = "overflow-hidden rounded-2xl bg-tg-secondary-bg"
HEADING = "mb-2 mt-5 px-1 text-xs font-medium uppercase tracking-wide text-tg-section-header"

"""Referrals: each user's link, who joined through it, and the referrer's reward."""

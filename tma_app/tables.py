"""Every table of the app in one metadata, for Alembic and the migration test.

It lives at the top, beside the app assembly, because it must know every feature;
no feature imports it.
"""

from sqlmodel import SQLModel

from tma_app.ai import models as ai_models
from tma_app.analytics import models as analytics_models
from tma_app.bot import models as bot_models
from tma_app.core.idempotency import IdempotencyRecord
from tma_app.core.outbox import OutboxRow
from tma_app.demo_catalog.models import Demo
from tma_app.demos.ecommerce import models as ecommerce_models
from tma_app.demos.fitness import models as fitness_models
from tma_app.demos.restaurant import models as restaurant_models
from tma_app.experiments import models as experiment_models
from tma_app.gamification import models as gamification_models
from tma_app.gamification.leaderboard import models as leaderboard_models
from tma_app.gamification.referrals import models as referral_models
from tma_app.gamification.streaks import models as streak_models
from tma_app.gamification.tasks import models as task_models
from tma_app.payments import models as payment_models
from tma_app.security.models import AuditLog
from tma_app.users.models import User

metadata = SQLModel.metadata

__all__ = [
    "AuditLog", "ai_models", "analytics_models", "bot_models", "Demo", "IdempotencyRecord", "OutboxRow", "User",
    "ecommerce_models",
    "experiment_models", "fitness_models", "gamification_models", "leaderboard_models", "metadata",
    "payment_models", "referral_models", "restaurant_models", "streak_models", "task_models",
]

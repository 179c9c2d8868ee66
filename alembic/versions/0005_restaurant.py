"""restaurant demo

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 12:18:36.259184
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('restaurant_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug', name='uq_restaurant_categories_slug')
    )
    op.create_table('restaurant_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('slot_start', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('slot_end', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('payment', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('subtotal', sa.Integer(), nullable=False),
    sa.Column('delivery_fee', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('restaurant_orders', schema=None) as batch_op:
        batch_op.create_index('ix_restaurant_orders_user_id_created_at', ['user_id', 'created_at'], unique=False)

    op.create_table('restaurant_dishes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('description_en', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('description_ru', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('base_price', sa.Integer(), nullable=False),
    sa.Column('image_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('is_available', sa.Boolean(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('search_en', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('search_ru', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['restaurant_categories.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug', name='uq_restaurant_dishes_slug')
    )
    with op.batch_alter_table('restaurant_dishes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restaurant_dishes_category_id'), ['category_id'], unique=False)

    op.create_table('restaurant_order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('dish_slug', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('options_en', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('options_ru', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('image_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('unit_price', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('line_total', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['restaurant_orders.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('restaurant_order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restaurant_order_lines_order_id'), ['order_id'], unique=False)

    op.create_table('restaurant_cart_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('dish_id', sa.Integer(), nullable=False),
    sa.Column('options_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dish_id'], ['restaurant_dishes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'dish_id', 'options_key', name='uq_restaurant_cart_lines_user_dish_options')
    )
    op.create_table('restaurant_modifier_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dish_id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('max_selections', sa.Integer(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.ForeignKeyConstraint(['dish_id'], ['restaurant_dishes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dish_id', 'slug', name='uq_restaurant_modifier_groups_dish_slug')
    )
    op.create_table('restaurant_modifier_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('price_delta', sa.Integer(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['restaurant_modifier_groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('group_id', 'slug', name='uq_restaurant_modifier_options_group_slug')
    )


def downgrade() -> None:
    op.drop_table('restaurant_modifier_options')
    op.drop_table('restaurant_modifier_groups')
    op.drop_table('restaurant_cart_lines')
    with op.batch_alter_table('restaurant_order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restaurant_order_lines_order_id'))

    op.drop_table('restaurant_order_lines')
    with op.batch_alter_table('restaurant_dishes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restaurant_dishes_category_id'))

    op.drop_table('restaurant_dishes')
    with op.batch_alter_table('restaurant_orders', schema=None) as batch_op:
        batch_op.drop_index('ix_restaurant_orders_user_id_created_at')

    op.drop_table('restaurant_orders')
    op.drop_table('restaurant_categories')

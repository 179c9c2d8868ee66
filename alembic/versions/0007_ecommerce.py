"""ecommerce demo

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 12:25:34.348197
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import tma_app.core.time


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ecommerce_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug', name='uq_ecommerce_categories_slug')
    )
    op.create_table('ecommerce_products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('description_en', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('description_ru', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('picture_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('listed_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['ecommerce_categories.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug', name='uq_ecommerce_products_slug')
    )
    with op.batch_alter_table('ecommerce_products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ecommerce_products_category_id'), ['category_id'], unique=False)

    op.create_table('ecommerce_variants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('sku', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('size', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('colour_en', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('colour_ru', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('colour_hex', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.CheckConstraint('price >= 0', name='ck_ecommerce_variants_price_not_negative'),
    sa.CheckConstraint('stock >= 0', name='ck_ecommerce_variants_stock_not_negative'),
    sa.ForeignKeyConstraint(['product_id'], ['ecommerce_products.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sku', name='uq_ecommerce_variants_sku')
    )
    with op.batch_alter_table('ecommerce_variants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ecommerce_variants_product_id'), ['product_id'], unique=False)

    op.create_table('ecommerce_cart_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['variant_id'], ['ecommerce_variants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'variant_id', name='uq_ecommerce_cart_lines_user_variant')
    )
    op.create_table('ecommerce_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('payment', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('created_at', tma_app.core.time.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ecommerce_orders', schema=None) as batch_op:
        batch_op.create_index('ix_ecommerce_orders_user_id_created_at', ['user_id', 'created_at'], unique=False)

    op.create_table('ecommerce_order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('sku', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('product_slug', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_ru', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('variant_en', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('variant_ru', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('picture_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('unit_price', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('line_total', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['ecommerce_orders.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ecommerce_order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ecommerce_order_lines_order_id'), ['order_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ecommerce_order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ecommerce_order_lines_order_id'))

    op.drop_table('ecommerce_order_lines')
    with op.batch_alter_table('ecommerce_orders', schema=None) as batch_op:
        batch_op.drop_index('ix_ecommerce_orders_user_id_created_at')

    op.drop_table('ecommerce_orders')
    op.drop_table('ecommerce_cart_lines')
    with op.batch_alter_table('ecommerce_variants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ecommerce_variants_product_id'))

    op.drop_table('ecommerce_variants')
    with op.batch_alter_table('ecommerce_products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ecommerce_products_category_id'))

    op.drop_table('ecommerce_products')
    op.drop_table('ecommerce_categories')

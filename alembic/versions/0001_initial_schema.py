"""Initial schema: gazetteer, people, messages, rounds, reports, review trail and master list.

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-03 21:42:31.224811
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table('admin_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pcode', sa.String(length=20), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('iso_code', sa.String(length=10), nullable=True),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('name_ar', sa.String(length=120), nullable=True),
    sa.Column('name_ckb', sa.String(length=120), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geometry', sa.JSON(), nullable=True),
    sa.CheckConstraint('level BETWEEN 1 AND 3', name=op.f('ck_admin_areas_level_range')),
    sa.ForeignKeyConstraint(['parent_id'], ['admin_areas.id'], name=op.f('fk_admin_areas_parent_id_admin_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_areas')),
    sa.UniqueConstraint('iso_code', name=op.f('uq_admin_areas_iso_code')),
    sa.UniqueConstraint('pcode', name=op.f('uq_admin_areas_pcode'))
    )
    with op.batch_alter_table('admin_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_areas_parent_id'), ['parent_id'], unique=False)

    op.create_table('key_informants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_informants'))
    )
    op.create_table('registration_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('urn', sa.String(length=80), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('first_text', sa.Text(), nullable=True),
    sa.Column('message_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_requests')),
    sa.UniqueConstraint('urn', name=op.f('uq_registration_requests_urn'))
    )
    op.create_table('rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rounds')),
    sa.UniqueConstraint('number', name=op.f('uq_rounds_number'))
    )
    op.create_table('staff_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('full_name', sa.String(length=160), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_users')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_users_username'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('token_hash', sa.String(length=128), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_api_tokens_staff_id_staff_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_staff_id'), ['staff_id'], unique=False)

    op.create_table('conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('urn', sa.String(length=80), nullable=False),
    sa.Column('ki_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['ki_id'], ['key_informants.id'], name=op.f('fk_conversations_ki_id_key_informants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    sa.UniqueConstraint('urn', name=op.f('uq_conversations_urn'))
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_ki_id'), ['ki_id'], unique=False)

    op.create_table('inbound_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('external_id', sa.String(length=80), nullable=False),
    sa.Column('urn', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('ki_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['ki_id'], ['key_informants.id'], name=op.f('fk_inbound_messages_ki_id_key_informants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_messages')),
    sa.UniqueConstraint('channel', 'external_id', name=op.f('uq_inbound_messages_channel_external_id'))
    )
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_messages_ki_id'), ['ki_id'], unique=False)
        batch_op.create_index('ix_inbound_messages_status_received_at', ['status', 'received_at'], unique=False)
        batch_op.create_index('ix_inbound_messages_urn_status_id', ['urn', 'status', 'id'], unique=False)

    op.create_table('ki_urns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ki_id', sa.Integer(), nullable=False),
    sa.Column('urn', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['ki_id'], ['key_informants.id'], name=op.f('fk_ki_urns_ki_id_key_informants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ki_urns')),
    sa.UniqueConstraint('urn', name=op.f('uq_ki_urns_urn'))
    )
    with op.batch_alter_table('ki_urns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ki_urns_ki_id'), ['ki_id'], unique=False)

    op.create_table('locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=160), nullable=False),
    sa.Column('name_ar', sa.String(length=160), nullable=True),
    sa.Column('name_ckb', sa.String(length=160), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('admin_area_id', sa.Integer(), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['admin_area_id'], ['admin_areas.id'], name=op.f('fk_locations_admin_area_id_admin_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_locations')),
    sa.UniqueConstraint('place_id', name=op.f('uq_locations_place_id'))
    )
    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_locations_admin_area_id'), ['admin_area_id'], unique=False)

    op.create_table('staff_governorates',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('admin_area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['admin_area_id'], ['admin_areas.id'], name=op.f('fk_staff_governorates_admin_area_id_admin_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_staff_governorates_staff_id_staff_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_id', 'admin_area_id', name=op.f('pk_staff_governorates'))
    )
    op.create_table('ki_locations',
    sa.Column('ki_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ki_id'], ['key_informants.id'], name=op.f('fk_ki_locations_ki_id_key_informants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_ki_locations_location_id_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ki_id', 'location_id', name=op.f('pk_ki_locations'))
    )
    op.create_table('location_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=160), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_location_aliases_location_id_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_location_aliases')),
    sa.UniqueConstraint('location_id', 'alias', name=op.f('uq_location_aliases_location_id_alias'))
    )
    with op.batch_alter_table('location_aliases', schema=None) as batch_op:
        batch_op.create_index('ix_location_aliases_alias', ['alias'], unique=False)

    op.create_table('outbound_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('urn', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('ki_id', sa.Integer(), nullable=True),
    sa.Column('in_reply_to_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('provider_id', sa.String(length=80), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('segments', sa.Integer(), nullable=True),
    sa.Column('encoding', sa.String(length=10), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['in_reply_to_id'], ['inbound_messages.id'], name=op.f('fk_outbound_messages_in_reply_to_id_inbound_messages')),
    sa.ForeignKeyConstraint(['ki_id'], ['key_informants.id'], name=op.f('fk_outbound_messages_ki_id_key_informants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_messages'))
    )
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_messages_in_reply_to_id'), ['in_reply_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_messages_ki_id'), ['ki_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_messages_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index('ix_outbound_messages_status_created_at', ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_messages_urn'), ['urn'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=16), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('ki_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('families', sa.Integer(), nullable=False),
    sa.Column('individuals', sa.Integer(), nullable=False),
    sa.Column('individuals_estimated', sa.Boolean(), nullable=False),
    sa.Column('access_water', sa.String(length=10), nullable=True),
    sa.Column('access_health', sa.String(length=10), nullable=True),
    sa.Column('access_education', sa.String(length=10), nullable=True),
    sa.Column('assistance_received', sa.Boolean(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('families >= 0', name=op.f('ck_reports_families_not_negative')),
    sa.CheckConstraint('individuals >= 0', name=op.f('ck_reports_individuals_not_negative')),
    sa.ForeignKeyConstraint(['ki_id'], ['key_informants.id'], name=op.f('fk_reports_ki_id_key_informants')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_reports_location_id_locations')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_reports_round_id_rounds')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['reports.id'], name=op.f('fk_reports_supersedes_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('ref', name=op.f('uq_reports_ref'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_ki_id'), ['ki_id'], unique=False)
        batch_op.create_index('ix_reports_location_round', ['location_id', 'round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_supersedes_id'), ['supersedes_id'], unique=False)

    op.create_table('masterlist_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('families', sa.Integer(), nullable=False),
    sa.Column('individuals', sa.Integer(), nullable=False),
    sa.Column('individuals_estimated', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_masterlist_entries_location_id_locations')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_masterlist_entries_report_id_reports')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_masterlist_entries_round_id_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_masterlist_entries')),
    sa.UniqueConstraint('location_id', 'round_id', name=op.f('uq_masterlist_entries_location_id_round_id'))
    )
    with op.batch_alter_table('masterlist_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_masterlist_entries_round_id'), ['round_id'], unique=False)

    op.create_table('report_messages',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['inbound_messages.id'], name=op.f('fk_report_messages_message_id_inbound_messages')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_messages_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'message_id', name=op.f('pk_report_messages'))
    )
    op.create_table('report_needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('need', sa.String(length=30), nullable=False),
    sa.CheckConstraint('rank BETWEEN 1 AND 3', name=op.f('ck_report_needs_rank_range')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_needs_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_needs')),
    sa.UniqueConstraint('report_id', 'rank', name=op.f('uq_report_needs_report_id_rank'))
    )
    op.create_table('report_origins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('governorate_id', sa.Integer(), nullable=False),
    sa.Column('families', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['governorate_id'], ['admin_areas.id'], name=op.f('fk_report_origins_governorate_id_admin_areas')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_origins_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_origins')),
    sa.UniqueConstraint('report_id', 'governorate_id', name=op.f('uq_report_origins_report_id_governorate_id'))
    )
    op.create_table('report_shelters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('shelter_type', sa.String(length=30), nullable=False),
    sa.Column('families', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_shelters_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_shelters')),
    sa.UniqueConstraint('report_id', 'shelter_type', name=op.f('uq_report_shelters_report_id_shelter_type'))
    )
    op.create_table('review_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_review_actions_report_id_reports')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_review_actions_staff_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_actions'))
    )
    with op.batch_alter_table('review_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_actions_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_actions_staff_id'), ['staff_id'], unique=False)



def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table('review_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_actions_staff_id'))
        batch_op.drop_index(batch_op.f('ix_review_actions_report_id'))

    op.drop_table('review_actions')
    op.drop_table('report_shelters')
    op.drop_table('report_origins')
    op.drop_table('report_needs')
    op.drop_table('report_messages')
    with op.batch_alter_table('masterlist_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_masterlist_entries_round_id'))

    op.drop_table('masterlist_entries')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_supersedes_id'))
        batch_op.drop_index(batch_op.f('ix_reports_status'))
        batch_op.drop_index(batch_op.f('ix_reports_round_id'))
        batch_op.drop_index('ix_reports_location_round')
        batch_op.drop_index(batch_op.f('ix_reports_ki_id'))

    op.drop_table('reports')
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_messages_urn'))
        batch_op.drop_index('ix_outbound_messages_status_created_at')
        batch_op.drop_index(batch_op.f('ix_outbound_messages_provider_id'))
        batch_op.drop_index(batch_op.f('ix_outbound_messages_ki_id'))
        batch_op.drop_index(batch_op.f('ix_outbound_messages_in_reply_to_id'))

    op.drop_table('outbound_messages')
    with op.batch_alter_table('location_aliases', schema=None) as batch_op:
        batch_op.drop_index('ix_location_aliases_alias')

    op.drop_table('location_aliases')
    op.drop_table('ki_locations')
    op.drop_table('staff_governorates')
    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_locations_admin_area_id'))

    op.drop_table('locations')
    with op.batch_alter_table('ki_urns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ki_urns_ki_id'))

    op.drop_table('ki_urns')
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_messages_urn_status_id')
        batch_op.drop_index('ix_inbound_messages_status_received_at')
        batch_op.drop_index(batch_op.f('ix_inbound_messages_ki_id'))

    op.drop_table('inbound_messages')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversations_ki_id'))

    op.drop_table('conversations')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_staff_id'))

    op.drop_table('api_tokens')
    op.drop_table('staff_users')
    op.drop_table('rounds')
    op.drop_table('registration_requests')
    op.drop_table('key_informants')
    with op.batch_alter_table('admin_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_areas_parent_id'))

    op.drop_table('admin_areas')

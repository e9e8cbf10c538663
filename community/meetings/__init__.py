"""小板凳 / 议事会 meetings: 收集 → 协商 → 落实 → 反馈 (models in community.models.meetings)."""


def register():
    """Connect the meetings part to the seams of the rooms below; called from CommunityConfig.ready."""
    # imports here: the cases and documents rooms' models load only once the app registry is ready
    from cases import machine
    from documents.placeholders import register_placeholders
    from documents.subjects import register_subject

    from . import notices
    from .events import MEETING_EVENTS

    machine.register_events(*MEETING_EVENTS)
    register_subject(notices.PREFIX, visible_to=notices.visible_to, describe=notices.describe)
    register_placeholders(notices.PLACEHOLDERS, notices.SAMPLES, notices.LONG_SAMPLES)

"""The one table's keys, indexes and TTL: defined once, read by the CDK stack and the local stack."""

from typing import Any, Final

PARTITION_KEY: Final = "pk"
SORT_KEY: Final = "sk"
TTL_ATTRIBUTE: Final = "expires_at"

# Lists, newest first: the partition is the collection, the sort key starts with the time.
LIST_INDEX: Final = "gsi1"
LIST_INDEX_PARTITION_KEY: Final = "gsi1pk"
LIST_INDEX_SORT_KEY: Final = "gsi1sk"

KEY_SCHEMA: Final[tuple[dict[str, str], ...]] = (
    {"AttributeName": PARTITION_KEY, "KeyType": "HASH"},
    {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
)
ATTRIBUTE_DEFINITIONS: Final[tuple[dict[str, str], ...]] = (
    {"AttributeName": PARTITION_KEY, "AttributeType": "S"},
    {"AttributeName": SORT_KEY, "AttributeType": "S"},
    {"AttributeName": LIST_INDEX_PARTITION_KEY, "AttributeType": "S"},
    {"AttributeName": LIST_INDEX_SORT_KEY, "AttributeType": "S"},
)
GLOBAL_SECONDARY_INDEXES: Final[tuple[dict[str, Any], ...]] = (
    {
        "IndexName": LIST_INDEX,
        "KeySchema": [
            {"AttributeName": LIST_INDEX_PARTITION_KEY, "KeyType": "HASH"},
            {"AttributeName": LIST_INDEX_SORT_KEY, "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "ALL"},
    },
)


# Every write's item before and after, for the notice publisher (services/notices.py).
STREAM_VIEW_TYPE: Final = "NEW_AND_OLD_IMAGES"


def stream_specification() -> dict[str, Any]:
    return {"StreamEnabled": True, "StreamViewType": STREAM_VIEW_TYPE}


def create_table_request(table_name: str) -> dict[str, Any]:
    """The CreateTable request for this schema (on-demand billing)."""
    return {
        "TableName": table_name,
        "KeySchema": [dict(k) for k in KEY_SCHEMA],
        "AttributeDefinitions": [dict(a) for a in ATTRIBUTE_DEFINITIONS],
        "GlobalSecondaryIndexes": [dict(g) for g in GLOBAL_SECONDARY_INDEXES],
        "BillingMode": "PAY_PER_REQUEST",
        "StreamSpecification": stream_specification(),
    }


def time_to_live() -> dict[str, Any]:
    """Items with an expires_at (epoch seconds) in the past are removed by DynamoDB: idempotency records."""
    return {"Enabled": True, "AttributeName": TTL_ATTRIBUTE}

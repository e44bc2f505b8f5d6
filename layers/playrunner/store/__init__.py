"""DynamoDB: the table schema and the adapters that read and write it."""

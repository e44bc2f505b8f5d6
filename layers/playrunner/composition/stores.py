"""The table and the secret box every data-holding function shares."""

from playrunner.composition.instance import per_function
from playrunner.environment import settings
from playrunner.secrets.envelope import SecretBox
from playrunner.settings import SecretsSettings, StoreSettings
from playrunner.store.dynamodb import Table


@per_function
def table() -> Table:
    return Table(settings(StoreSettings).table_name)


@per_function
def secret_box() -> SecretBox:
    return SecretBox(settings(SecretsSettings).secrets_key_arn)

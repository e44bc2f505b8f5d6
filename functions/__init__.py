"""Every Lambda of the catalogue, importable as functions.<name>.handler.

Importing any handler imports this package first: Powertools' all-importing packages are made
lazy here, before any handler imports them (playrunner/lazy_packages.py)."""

from playrunner.lazy_packages import install

install()

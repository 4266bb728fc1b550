"""The scan engine: read Telegram exports and ad dumps, extract identifiers, flag indicators with
their evidence, group template ads and link posts into networks. Imports no Django."""

"""Baken: the working platform of the Dutch chain against human trafficking."""

"""zh-Hans: dates the Chinese way (2026年11月25日); Django's English formats serve English."""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y-m-d"

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.attribution import parse_attribution


@pytest.mark.parametrize(
    ("line", "said_on", "precision", "speaker", "occasion"),
    [
        (
            "——2014年11月19日，习近平向首届世界互联网大会致贺词",
            dt.date(2014, 11, 19),
            "day",
            "习近平",
            "向首届世界互联网大会致贺词",
        ),
        (  # ASCII comma, as in the seed document
            "——2014年11月19日,习近平向首届世界互联网大会致贺词",
            dt.date(2014, 11, 19),
            "day",
            "习近平",
            "向首届世界互联网大会致贺词",
        ),
        (  # no comma, zero-padded month
            "——2015年05月24日习近平致国际教育信息化大会的贺信",
            dt.date(2015, 5, 24),
            "day",
            "习近平",
            "致国际教育信息化大会的贺信",
        ),
        (  # no speaker: implied by the article
            "——2018年8月24日在中央全面依法治国委员会第一次会议上的讲话",
            dt.date(2018, 8, 24),
            "day",
            None,
            "在中央全面依法治国委员会第一次会议上的讲话",
        ),
        (
            "——2014年7月，习近平给“南京青奥会志愿者”的回信",
            dt.date(2014, 7, 1),
            "month",
            "习近平",
            "给“南京青奥会志愿者”的回信",
        ),
        (  # an inner dash stays in the occasion
            "——2021年7月16日，习近平在参观“友好往来 命运与共——党和国家领导人外交活动礼品展”时强调",
            dt.date(2021, 7, 16),
            "day",
            "习近平",
            "在参观“友好往来 命运与共——党和国家领导人外交活动礼品展”时强调",
        ),
        (  # U+2015 dashes (GB2312 decoded with Python's gb2312 codec)
            "――2016年11月16日，习近平在第三届世界互联网大会开幕式上的视频讲话",
            dt.date(2016, 11, 16),
            "day",
            "习近平",
            "在第三届世界互联网大会开幕式上的视频讲话",
        ),
        (  # title after the name
            "——2018年7月20日，习近平主席在塞内加尔《太阳报》发表署名文章",
            dt.date(2018, 7, 20),
            "day",
            "习近平",
            "在塞内加尔《太阳报》发表署名文章",
        ),
        (
            "——二〇一四年十一月十九日，习近平向首届世界互联网大会致贺词",
            dt.date(2014, 11, 19),
            "day",
            "习近平",
            "向首届世界互联网大会致贺词",
        ),
        (
            "——2017年，习近平在某次会议上的讲话",
            dt.date(2017, 1, 1),
            "year",
            "习近平",
            "在某次会议上的讲话",
        ),
        ("——习近平", None, None, "习近平", None),
        (
            "————摘自习近平在同各界优秀青年代表座谈时的讲话",
            None,
            None,
            None,
            "摘自习近平在同各界优秀青年代表座谈时的讲话",
        ),
    ],
)
def test_attribution_variants(
    line: str,
    said_on: dt.date | None,
    precision: str | None,
    speaker: str | None,
    occasion: str | None,
) -> None:
    a = parse_attribution(line)
    assert a is not None
    assert (a.said_on, a.said_precision, a.speaker, a.occasion) == (
        said_on,
        precision,
        speaker,
        occasion,
    )


@pytest.mark.parametrize(
    "line",
    [
        "——（宋）陆游",  # poem author
        "——记乌镇的一位公交司机",  # subtitle
        "———“你们辛苦了！”",  # dialogue
        "——记者手记：一趟准点的公交车",
        "2022年11月9日，2022年世界互联网大会乌镇峰会在浙江乌镇开幕。(图源:央视新闻客户端)",
        "《 人民日报 》（ 2024年05月10日   04 版）",
        "监制：张振明 审核：古丽娟",
        "当今时代，以信息技术为核心的新一轮科技革命正在孕育兴起。",
        "——2022年2月30日，习近平向某会议致贺信",  # no such day
        "——" + "很长的一段话" * 40,
    ],
)
def test_look_alikes_are_not_attributions(line: str) -> None:
    assert parse_attribution(line) is None

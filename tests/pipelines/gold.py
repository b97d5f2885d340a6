"""Gold annotations: what each test page says, written by hand from reading the page source.

One list serves the extraction tests (``test_gold.py``) and the benchmark that scores this
extractor against other tools (``bench/extraction.py``). Pages come from three places: the
sample site, the test pages in ``tests/pipelines/pages``, and the real saved pages of
``../shared/corpus/real`` (present in the team checkout only; ``GoldPage.available`` says).

A quotation is pinned by its date, speaker, occasion and the first and last characters of its
text: that checks its bounds (no lead, caption or heading inside) without copying whole speeches.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from scrapy.http import HtmlResponse

from core.encoding import decode_page
from core.items import ArticlePages, FetchedPage
from samplesite.server import SITE_ROOT
from spiders.urls import parse_article_url
from tests.conftest import REAL_CORPUS
from tests.pipelines import seed_expected as seed

TEST_PAGES = Path(__file__).parent / "pages"
_NO_SPACE = re.compile(r"[\s\u3000\xa0]+")
GOLD_BODIES = Path(__file__).parent / "gold_bodies"


@dataclass(frozen=True, slots=True)
class GoldQuote:
    said_on: str | None  # ISO date, the start of the period the line states
    speaker: str | None
    occasion: str | None
    starts: str  # the text's first characters
    ends: str  # the text's last characters


@dataclass(frozen=True, slots=True)
class GoldPage:
    name: str
    url: str
    file: Path
    title: str | None
    published_at: (
        str | None
    )  # "YYYY-MM-DD HH:MM", or "YYYY-MM-DD" when the page states the day only
    source: str | None
    editors: tuple[str, ...]
    quotes: tuple[GoldQuote, ...] = ()
    # The opening characters of each body paragraph, in page order (whitespace left out), or
    # None where the body is not annotated. Body text only: no caption, credit, byline, 来源,
    # editor or print-edition line; in-body headings count.
    body: tuple[str, ...] | None = None

    @property
    def available(self) -> bool:
        return self.file.is_file()

    def html(self) -> str:
        """The page as a crawl decodes it: the charset Scrapy resolves (no HTTP header here, so
        the <meta>), corrected by the bytes where they prove it wrong (UTF-8 under GB2312)."""
        body = self.file.read_bytes()
        return decode_page(body, HtmlResponse(self.url, body=body).encoding)[0]


def _site(url: str) -> Path:
    return SITE_ROOT / url.removeprefix("http://")


def _q(said_on: str | None, speaker: str | None, occasion: str | None, starts: str, ends: str):
    return GoldQuote(said_on, speaker, occasion, starts, ends)


_SEED_QUOTES = tuple(
    _q(d.isoformat(), "习近平", occasion, text[:12], text[-8:])
    for d, occasion, _, text in seed.QUOTATIONS
)
_RMZX = "在中央全面依法治国委员会第一次会议上的讲话"

LEADERS_SAMPLE_URL = "http://theory.people.com.cn/n1/2022/1108/c40531-32560900.html"
SAMPLE_SITE = (
    GoldPage(
        "seed (rm_txt, GB18030 under a GB2312 label)",
        seed.URL,
        _site(seed.URL),
        seed.TITLE,
        "2022-11-11 13:10",
        seed.SOURCE,
        tuple(seed.EDITORS),
        _SEED_QUOTES,
    ),
    GoldPage(
        "rm_txt news with print original",
        "http://finance.people.com.cn/n1/2024/0510/c1004-40232600.html",
        _site("http://finance.people.com.cn/n1/2024/0510/c1004-40232600.html"),
        "持续优化营商环境 激发经营主体活力",
        "2024-05-10 06:58",
        "人民网－人民日报",
        ("胡永秋", "杨光宇"),
    ),
    GoldPage(
        "rm_txt 2025 variant (b#newstime)",
        "http://cpc.people.com.cn/xuexi/n1/2025/0110/c385474-40400001.html",
        _site("http://cpc.people.com.cn/xuexi/n1/2025/0110/c385474-40400001.html"),
        "深入学习贯彻 扎实推动落实",
        "2025-01-10 09:30",
        "人民网－中国共产党新闻网",
        ("赵六",),
    ),
    GoldPage(
        "rm_txt served as UTF-8",
        "http://yuqing.people.com.cn/n1/2024/0509/c209043-40232000.html",
        _site("http://yuqing.people.com.cn/n1/2024/0509/c209043-40232000.html"),
        "网络舆情研究报告发布",
        "2024-05-09 15:20",
        "人民网－舆情数据中心",
        ("孙红丽",),
    ),
    GoldPage(
        "rm_txt news",
        "http://politics.people.com.cn/n1/2022/1108/c1001-32560500.html",
        _site("http://politics.people.com.cn/n1/2022/1108/c1001-32560500.html"),
        "多地做好冬季供暖准备工作",
        "2022-11-08 11:00",
        "人民网－时政频道",
        ("刘阳",),
    ),
    GoldPage(
        "rm_txt one quotation after a lead",
        "http://politics.people.com.cn/n1/2022/1109/c1001-32561003.html",
        _site("http://politics.people.com.cn/n1/2022/1109/c1001-32561003.html"),
        "坚持胸怀天下 为人类文明进步贡献智慧和力量",
        "2022-11-09 10:05",
        "党建网微平台",
        ("刘阳",),
        (
            _q("2021-12-05", "习近平", "向“2021从都国际论坛”开幕式发表视频致辞",
               "中国共产党百年奋斗的一条重要", "进步贡献智慧和力量。"),
        ),
    ),
    GoldPage(
        "rm_txt first page of two",
        "http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html",
        _site("http://politics.people.com.cn/n1/2022/1110/c1001-32562001.html"),
        "习近平关于构建人类命运共同体的重要论述摘编",
        "2022-11-10 08:25",
        "党建网微平台",
        ("刘阳", "袁勃"),
        (
            _q("2013-03-23", "习近平", "在莫斯科国际关系学院的演讲",
               "这个世界，各国相互联系、相互", "中有你的命运共同体。"),
            _q("2017-01-17", "习近平",
               "在瑞士达沃斯举行的世界经济论坛2017年年会开幕式上的主旨演讲",
               "人类已经成为你中有我、我中有", "其他国家利益为代价。"),
        ),
    ),
    GoldPage(
        "rm_txt with a 记者手记 subtitle line",
        "http://politics.people.com.cn/n1/2022/1110/c1001-32562002.html",
        _site("http://politics.people.com.cn/n1/2022/1110/c1001-32562002.html"),
        "乌镇峰会期间浙江桐乡加密公交班次",
        "2022-11-10 16:42",
        "人民网－浙江频道",
        ("王方", "孙红丽"),
    ),
    GoldPage(
        "2016wb",
        "http://world.people.com.cn/n1/2019/0615/c1002-31153800.html",
        _site("http://world.people.com.cn/n1/2019/0615/c1002-31153800.html"),
        "多国人士积极评价中国扩大开放举措",
        "2019-06-15 09:12",
        "人民网－国际频道",
        ("牛瑾", "刘军涛"),
    ),
    GoldPage(
        "show_text (theory)",
        "http://theory.people.com.cn/n1/2022/1107/c40531-32560001.html",
        _site("http://theory.people.com.cn/n1/2022/1107/c40531-32560001.html"),
        "推动构建人类命运共同体的重要论述",
        "2022-11-07 08:39",
        "人民网－理论频道",
        ("王静", "刘阳"),
        (
            _q("2015-09-28", "习近平",
               "在美国纽约联合国总部举行的第七十届联合国大会一般性辩论时的讲话",
               "“大道之行也，天下为公。”和", "打造人类命运共同体。"),
            _q("2017-01-18", "习近平", "在联合国日内瓦总部的演讲",
               "让和平的薪火代代相传，让发展", "同体，实现共赢共享。"),
        ),
    ),
    GoldPage(
        "rm_txt compilation quoting several leaders (theory)",
        LEADERS_SAMPLE_URL,
        _site(LEADERS_SAMPLE_URL),
        "没有调查，就没有发言权",
        "2022-11-08 09:15",
        "人民网－理论频道",
        ("王静", "刘阳"),
        (
            _q("1930-05-01", "毛泽东", "《反对本本主义》", "你对于那个问题不能解决吗",
               "没有调查，没有发言权。"),
            _q("1961-05-01", "周恩来", "在河北邯郸调查时的谈话", "要把真实情况了解清楚",
               "听真话，摸实情。"),
            _q(None, "邓小平", "《邓小平文选》第三卷，第382页", "实事求是是马克思主义的精髓",
               "不要提倡本本。"),
            _q(None, "陈云", "同浙江省负责同志的谈话", "不唯上、不唯书", "交换、比较、反复。"),
            _q("2011-07-01", "胡锦涛", "在庆祝中国共产党成立90周年大会上的讲话",
               "全党同志要坚持深入实际", "大兴调查研究之风。"),
            _q("2011-11-16", "习近平",
               "在中央党校2011年秋季学期第二批进修班暨专题研讨班开学典礼上的讲话",
               "“纸上得来终觉浅", "更没有决策权。"),
            _q("2013-04-01", "中共中央", "印发《关于在全党深入开展党的群众路线教育实践活动的意见》",
               "要把调查研究作为基本功", "到群众中去。"),
        ),
    ),
    GoldPage(
        "artDet (health)",
        "http://health.people.com.cn/n1/2024/0510/c14739-40233000.html",
        _site("http://health.people.com.cn/n1/2024/0510/c14739-40233000.html"),
        "社区健康科普活动走进居民身边",
        "2024-05-10 08:47",
        "人民网－人民健康",
        ("李四", "王五"),
    ),
    GoldPage(
        "p_content (2012)",
        "http://opinion.people.com.cn/n/2012/0601/c1003-17000001.html",
        _site("http://opinion.people.com.cn/n/2012/0601/c1003-17000001.html"),
        "让公共交通更好服务群众出行",
        "2012-06-01 08:23",
        "人民日报",
        ("张三",),
    ),
    GoldPage(
        "unknown layout (generic)",
        "http://society.people.com.cn/n1/2022/1105/c1008-32559000.html",
        _site("http://society.people.com.cn/n1/2022/1105/c1008-32559000.html"),
        "社区养老服务提质增效",
        "2022-11-05 10:15",
        "人民网－社会频道",
        (),
    ),
    GoldPage(
        "English edition",
        "http://en.people.cn/n3/2022/1123/c90000-10175286.html",
        _site("http://en.people.cn/n3/2022/1123/c90000-10175286.html"),
        "Public transport runs more often during Wuzhen summit",
        "2022-11-10 16:42",
        "People's Daily Online",
        ("Wang Fang", "Sun Hongli"),
    ),
    GoldPage(
        "e-paper, old scheme",
        "http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm",
        _site("http://paper.people.com.cn/rmrb/html/2024-05/10/nw.D110000renmrb_20240510_2-04.htm"),
        "持续优化营商环境 激发经营主体活力",
        "2024-05-10",
        "人民日报",
        (),
    ),
    GoldPage(
        "e-paper, new scheme, quotations after a dateline lead",
        "http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30051234.html",
        _site("http://paper.people.com.cn/rmrb/pc/content/202501/15/content_30051234.html"),
        "朝着构建人类命运共同体方向不断迈进",
        "2025-01-15",
        "人民日报",
        (),
        (
            _q("2021-10-01", "习近平", "在迪拜世博会中国馆的致辞",
               "我们所处的时代充满挑战，也充", "同体的方向不断迈进。"),
            _q("2021-10-25", "习近平",
               "在中华人民共和国恢复联合国合法席位50周年纪念会议上的讲话",
               "人类是一个整体，地球是一个家", "好世界的最大公约数。"),
        ),
    ),
)  # fmt: skip

VARIANTS_URL = "http://theory.people.com.cn/n1/2024/0510/c40531-40232700.html"
VARIANTS = GoldPage(
    "every attribution variant and look-alike",
    VARIANTS_URL,
    TEST_PAGES / "variants.html",
    "文化自信是更基本、更深沉、更持久的力量",
    "2024-05-10 06:58",
    "人民网－人民日报",
    ("杨光宇", "胡永秋"),
    (
        _q("2014-10-15", "习近平", "在文艺工作座谈会上的讲话",
           "文化是一个国家、一个民族的灵魂", "上演一幕幕历史悲剧。"),
        _q("2016-07-01", "习近平", "在庆祝中国共产党成立95周年大会上的讲话",
           "文化自信，是更基础", "最深层的精神追求。"),
        _q("2014-09-24", "习近平", "在纪念孔子诞辰2565周年国际学术研讨会上的讲话",
           "中华文明延续着", "与时俱进、推陈出新。"),
        _q("2014-09-25", "习近平", "在全国政协成立65周年活动期间的讲话",
           "林则徐有两句诗", "也是为人之道。"),
        _q(None, "习近平", "《习近平谈治国理政》第二卷", "我们要坚持古为今用",
           "有扬弃的继承。"),
        _q("2013-08-19", "习近平", "在全国宣传思想工作会议上的讲话",
           "讲故事是国际传播的最佳方式。", "国际传播的最佳方式。"),
        _q("2018-08-21", None, "在全国宣传思想工作会议上的讲话",
           "要善于用故事说话", "把道理讲清楚。"),
        _q("2019-03-01", "习近平", "给北京大学援鄂医疗队全体“90后”党员的回信",
           "中国人民是具有伟大创造精神的人民。", "伟大创造精神的人民。"),
        _q(None, "习近平", None, "青年兴则国家兴", "青年强则国家强。"),
        _q("2014-10-15", None, "在文艺工作座谈会上的讲话",
           "文艺是时代前进的号角", "认真学习马克思主义。"),
        _q("2022-10-16", None, "在中国共产党第二十次全国代表大会上的报告",
           "全面建设社会主义现代化国家", "中国特色社会主义文化发展道路。"),
    ),
)  # fmt: skip
LEADERS_URL = "http://theory.people.com.cn/n1/2021/1115/c40531-32283000.html"
LEADERS = GoldPage(
    "several leaders, earlier leaders' forms and cited works, an organisation, look-alikes",
    LEADERS_URL,
    TEST_PAGES / "leaders.html",
    "百年征程中的初心与使命",
    "2021-11-15 08:30",
    "人民网－理论频道",
    ("王静", "刘阳"),
    (
        _q("1945-04-24", "毛泽东", "《论联合政府》", "紧紧地和中国人民站在一起", "唯一的宗旨。"),
        _q("1954-09-23", "周恩来", "在第一届全国人民代表大会第一次会议上的政府工作报告",
           "我们的经济建设的总任务", "现代化的国防。"),
        _q(None, "刘少奇", "《论共产党员的修养》", "共产党员应该有最伟大的理想",
           "为人民服务的决心。"),
        _q(None, "邓小平", "《解放思想，实事求是，团结一致向前看》", "一个党，一个国家",
           "那它就不能前进。"),
        _q("1992-01-18", "邓小平", "在武昌、深圳、珠海、上海等地的谈话要点", "改革开放胆子要大一些",
           "大胆地闯。"),
        _q(None, "邓小平", "《邓小平文选》第三卷，第377页", "发展才是硬道理。", "发展才是硬道理。"),
        _q(None, "陈云", "在一次座谈会上的谈话", "文天祥有两句诗", "要有这样的气节。"),
        _q("2001-07-01", "江泽民", "在庆祝中国共产党成立八十周年大会上的讲话", "我们党要始终代表",
           "最广大人民的根本利益。"),
        _q("2007-10-15", "胡锦涛", "在中国共产党第十七次全国代表大会上的报告", "科学发展观",
           "核心是以人为本。"),
        _q("2012-11-15", "习近平", "在十八届中央政治局常委同中外记者见面时的讲话", "人民对美好生活",
           "就是我们的奋斗目标。"),
        _q(None, "习近平", "《习近平谈治国理政》第四卷", "江山就是人民", "人民就是江山。"),
        _q("2021-11-11", "中共中央", "在《关于党的百年奋斗重大成就和历史经验的决议》中指出",
           "中国共产党立志于", "百年恰是风华正茂。"),
        _q("2021-11-13", "人民日报评论员", "《以史为鉴、开创未来》", "以史为鉴、开创未来，必须",
           "坚强领导。"),
    ),
)  # fmt: skip
TEST_PAGE_GOLD = (VARIANTS, LEADERS)


def _body_file(name: str) -> tuple[str, ...]:
    """A long page's gold body, kept in a file of its own (one paragraph opening a line)."""
    lines = (GOLD_BODIES / name).read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line and not line.startswith("#"))


_SQLDUMP = (
    "sqldump_dangjianwang_weipingtai_2022_renlei_mingyun_gongtongti_quote_compilation_fragment.html"
)
REAL_PAGES = (
    GoldPage(
        "real rm_txt (finance 2024)",
        "http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html",
        REAL_CORPUS / "magichtml_people_finance_2024_c1004-40232587_rm_txt_template.html",
        "在新时代中部地区崛起中争先出彩（推动高质量发展·权威发布）",
        "2024-05-10 06:58",
        "人民网－人民日报",
        ("胡永秋", "杨光宇"),
    ),
    GoldPage(
        "real 2016wb (culture 2019), poem authors in the body",
        "http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html",
        REAL_CORPUS / "gne_people_culture_2019_c1013-31153719_2016wb_template.html",
        "女儿出嫁，郑板桥画了几笔兰花当嫁妆",
        "2019-06-15 08:18",
        "人民网-文化频道",
        ("汤诗瑶", "丁涛"),
    ),
    GoldPage(
        "real English edition (2022)",
        "http://en.people.cn/n3/2022/1123/c90000-10175286.html",
        REAL_CORPUS / "magichtml_en_people_cn_2022_n3_c90000-10175286.html",
        "Monitoring system aids wild animal protection efforts in NE China",
        "2022-11-23 11:35",
        "People's Daily Online",
        ("Hongyu", "Du Mingming"),
    ),
    GoldPage(
        "real compilation, no speaker named (People's Daily app)",
        "http://fragment.invalid/peopleapp-fazhi",  # the source repository records no URL
        REAL_CORPUS / "textbus_peopleapp_fazhi_quote_compilation_fragment.html",
        None,
        None,
        None,
        (),
        (
            _q("2018-08-24", None, _RMZX, "历史和现实都告诉我们", "奠定了法律基石。"),
            _q("2018-08-24", None, _RMZX, "在发展和法治关系上，", "训必须深刻汲取。"),
            _q("2018-08-24", None, _RMZX, "近年来，司法机关依法", "平正义就在身边。"),
            _q("2013-02-23", None, "在十八届中央政治局第四次集体学习时的讲话",
               "全面推进依法治国，必", "是说要言而有信。"),
            _q("2014-01-07", None, "在中央政法工作会议上的讲话",
               "任何国家任何制度都不", "”这就是好样的！"),
            _q("2014-01-07", None, "在中央政法工作会议上的讲话",
               "中国古代像包公、海瑞", "无私，秉公执法。"),
        ),
        body=(
            "在阐释“全面依法治国”等新理", "这些故事，是对社会主义法治精",
            "法治兴则国兴，法治强则国强", "历史和现实都告诉我们，法治兴", "——2018年8月24日在中央",
            "一些地方还存在“发展要上、法", "在发展和法治关系上，一些地方", "——2018年8月24日在中央",
            "必须促进严格规范公正文明执法", "近年来，司法机关依法纠正了呼", "——2018年8月24日在中央",
            "“徙木立信”", "全面推进依法治国，必须坚持严", "——2013年2月23日在十八",
            "“这就是好样的！”", "任何国家任何制度都不可能把执", "——2014年1月7日在中央政",
            "“铁面无私，秉公执法”", "中国古代像包公、海瑞这样的清", "——2014年1月7日在中央政",
        ),  # and the credit line （整理：曹磊 詹云）, not body
    ),
    GoldPage(
        "real compilation (党建网微平台, 2022)",
        "http://fragment.invalid/dangjianwang",  # the source records no URL
        REAL_CORPUS / _SQLDUMP,
        None,
        None,
        None,
        (),
        (
            _q("2013-03-23", "习近平", "在莫斯科国际关系学院的演讲",
               "这个世界，各国相互联", "你的命运共同体。"),
            _q("2017-01-17", "习近平", "在瑞士达沃斯举行的世界经济论坛2017年年会开幕式上的主旨演讲",
               "人类已经成为你中有我", "国家利益为代价。"),
            _q("2018-11-30", "习近平", "在二十国集团领导人峰会第一阶段会议上的发言",
               "人类发展进步大潮滚滚", "发展的历史逻辑。"),
            _q("2021-07-06", "习近平", "在中国共产党与世界政党领导人峰会上的主旨讲话",
               "人民渴望富足安康，渴", "同体的方向前行。"),
            _q("2015-09-28", "习近平",
               "在美国纽约联合国总部举行的第七十届联合国大会一般性辩论时的讲话",
               "“大道之行也，天下为", "人类命运共同体。"),
            _q("2017-01-18", "习近平", "在联合国日内瓦总部的演讲",
               "让和平的薪火代代相传", "，实现共赢共享。"),
            _q("2021-10-01", "习近平", "在迪拜世博会中国馆的致辞",
               "我们所处的时代充满挑", "的方向不断迈进。"),
            _q("2021-10-25", "习近平",
               "在中华人民共和国恢复联合国合法席位50周年纪念会议上的讲话",
               "人类是一个整体，地球", "界的最大公约数。"),
            _q("2017-12-01", "习近平", "在中国共产党与世界政党高层对话会上的主旨讲话",
               "中国共产党是世界上最", "制”中国的做法。"),
            _q("2021-07-16", "习近平",
               "在参观“友好往来 命运与共——党和国家领导人外交活动礼品展”时强调",
               "中国共产党是为中国人", "世界提供新机遇。"),
            _q("2021-09-21", "习近平", "在第七十六届联合国大会一般性辩论上的讲话",
               "中华民族传承和追求的", "世界提供新机遇。"),
            _q("2021-12-05", "习近平", "向“2021从都国际论坛”开幕式发表视频致辞",
               "中国共产党百年奋斗的", "贡献智慧和力量。"),
        ),
        body=(
            "正在举办的北京2022年冬奥",
            "人类已经成为你中有我、我中有你的命运共同体",
            "这个世界，各国相互联系、相互", "——2013年3月23日，习近",
            "人类已经成为你中有我、我中有你的命运共同体，利益", "——2017年1月17日，习近",
            "人类发展进步大潮滚滚向前，世", "——2018年11月30日，习",
            "人民渴望富足安康，渴望公平正", "——2021年7月6日，习近平",
            "朝着构建人类命运共同体方向不断迈进",
            "“大道之行也，天下为公。”和", "——2015年9月28日，习近",
            "让和平的薪火代代相传，让发展", "——2017年1月18日，习近",
            "我们所处的时代充满挑战，也充", "——2021年10月1日，习近",
            "人类是一个整体，地球是一个家", "——2021年10月25日，习",
            "以中国的新发展为世界提供新机遇",
            "中国共产党是世界上最大的政党", "——2017年12月1日，习近",
            "中国共产党是为中国人民谋幸福", "——2021年7月16日，习近",
            "中华民族传承和追求的是和平和", "——2021年9月21日，习近",
            "中国共产党百年奋斗的一条重要", "——2021年12月5日，习近",
        ),
    ),
    GoldPage(
        "real book-length page, chapter epigraphs with endnotes (theorychina 2024)",
        "https://www.theorychina.org.cn/c/2024-05-05/1499615.shtml",
        REAL_CORPUS / "magichtml_theorychina_2024_1499615_zgsxdh.html",
        "《中国式现代化发展之路》全文",
        "2024-05-05",
        None,
        (),
        (
            _q(None, "习近平", None, "中国共产党一经诞生", "实现中华民族伟大复兴。"),
            _q(None, "习近平", None, "实践证明，中国式现代化", "民族复兴的唯一正确道路。"),
            _q(None, "习近平", None, "一个国家走向现代化", "基于自己国情的鲜明特色。"),
            _q(None, "习近平", None, "中国式现代化，深深植根", "全新的人类文明形态。"),
        ),
        body=_body_file("theorychina_1499615.txt"),
    ),
    # Pages no People's Daily template reads: other state media, read by the generic fallback.
    GoldPage(
        "real xinhuanet 2019 (h-title, #p-detail)",
        "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm",
        REAL_CORPUS / "gne_xinhuanet_1.html",
        "法国全国大罢工再次严重影响交通",
        "2019-12-10 07:57",
        "新华网",
        ("尹世杰",),
        body=(
            "新华社巴黎12月9日电（记者", "9日的罢工是继5日80万多人", "法国各工会号召10日继续举行",
            "法国总工会负责人表示，大罢工", "法国总统马克龙此前提出对全国",
        ),
    ),
    GoldPage(
        "real xinhuanet 2020, pictures in the body, 来源 半月谈",
        "http://www.xinhuanet.com/local/2020-02/19/c_1125597921.htm",
        REAL_CORPUS / "trafilatura_xinhuanet.com.c_1125597921.html",
        "武汉的声音：有英勇的你，才有英雄的城！",
        "2020-02-19 20:29",
        "半月谈",
        ("焦鹏",),
        body=(
            "“妈妈，为什么还不能出去？”", "“宝贝，我们在打一场无声的", "“妈妈，什么时候才能回我们",
            "“孩子，我们再等等，等到春", "在抗击新冠肺炎疫情的日子里", "即便日常已改变了模样，但生",
            "1月23日，武汉全面封闭离汉",  # then a picture and its caption (才扬 摄)
            "那些不断证伪的谣言与不幸“", "面对泰山压顶的疫情，有的人", "钟南山院士说：“武汉本来就",
            "这“英雄的城市”称谓，并非", "无情未必真豪杰，怜子如何不", "越是到疫情防控最为吃劲的时",
            "正是有了英勇的你们，才有这",
        ),
    ),
    GoldPage(
        "real Xinhua Hebei 2012 on the Wayback Machine (GB2312 under a utf-8 banner), table layout",
        "https://web.archive.org/web/20120611024252/http://www.he.xinhuanet.com/news/2012-06/04/content_25340717.htm",
        REAL_CORPUS / "trafilatura_archive.org.he.xinhuanet.com.25340717.html",
        "话剧《约定无期限》河北各市巡演结束",
        "2012-06-04 09:20",
        "河北日报",  # 稿件来源
        ("王华军",),
        body=(
            "一个约定，信守15年，感人至", "这样的掌声、这样的感动，如今",
            "为充分发挥好话剧《约定无期限",
            "《约定无期限》的成功演出，离", "动人的故事、无价的真情、精彩",
            "如今，向河北农大果树93(0",
        ),
    ),
    GoldPage(
        "real banyuetan 2020, bold headings, a caption",
        "http://www.banyuetan.org/jmcs/detail/20200102/1000200033136171577956287380194268_1.html",
        REAL_CORPUS / "trafilatura_banyuetan.org.1000200033136171577956287380194268_1.html",
        "益阳：“数字”是优长",
        "2020-01-02 17:11",
        "半月谈网",
        ("孔德明",),
        body=(  # after the byline 半月谈记者 史卫燕
            "益水之阳，是名益阳。这个洞庭",  # then a picture and its caption (李尕 摄)
            "“数字”赋能农业", "无土栽培、立体种植、智能调控", "数字化农业的甜头，小农户在销",
            "益阳还引进各大电商等入驻村级", "“数字”赋能农业，还让农旅融",
            "“数字”刷新治理", "“村里装了高清摄像头，小偷都", "益阳城市社区同样安全感满满。",
            "智能治理提升城乡安全系数，仅", "作为益阳智慧医疗的组成部分，",
            "“我还在转院的路上，住院科室",
            "如今，50多个市直部门通力合作",
            "“数字”发现社会", "益阳，如今以其良好的“数字”", "益阳近3年连续举办智慧乡村互",
            "“乡土中国是熟人社会，核心是", "从数字经济，到数字治理，再到",
        ),
    ),
    GoldPage(
        "real news.cn 2024 (split date spans, video player, 【责任编辑:…】)",
        "http://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html",
        REAL_CORPUS / "magichtml_newscn_politics_leaders_20240509_3dd6e33c.html",
        "李强在新疆调研时强调 彰显特色优势 提高开放水平 在高质量发展中增进民生福祉促进长治久安",
        "2024-05-09 22:27",
        "新华网",
        ("王頔",),
        body=(
            "新华社乌鲁木齐5月9日电（记", "李强先后来到乌鲁木齐市、昌吉",
            "李强前往金风科技、特变电工、",
            "位于昌吉市的天鹅小镇，有50", "李强充分肯定新疆经济社会发展",
            "马兴瑞、吴政隆参加调研。",
        ),
    ),
    GoldPage(
        "real provincial news.cn 2024, a photo page",
        "http://www.he.news.cn/20240515/d59c39d4160a4fe4b3084c3e4abfb450/c.html",
        REAL_CORPUS / "magichtml_he_newscn_20240515_d59c39d4.html",
        "新华视界｜河北遵化：数字农机服务助力农业生产",
        "2024-05-15 08:58",
        "新华网",
        ("杨丹宇",),
        # The paragraph under the picture is its caption (5月13日，…播种玉米。); the credit
        # 新华社发（刘满仓摄） closes the page.
        body=("眼下，植保无人机、无人驾驶农",),
    ),
    GoldPage(
        "real gmw politics 2024 (menu h1, 来源 link, 责编)",
        "https://politics.gmw.cn/2024-05/13/content_37319243.htm",
        REAL_CORPUS / "magichtml_gmw_politics_2024_content_37319243.html",
        "维护全人类共同利益需联手抵制保护主义",
        "2024-05-13 08:49",
        "人民日报",
        ("杨煜",),
        body=(
            "近期一些美国政客不断渲染所谓", "美国本质上是在保护自己的低端",
            "保护主义客观上加剧了全球产能",
            "美国的保护主义损害了包括美国", "保护主义最终会导致“双输”“",
            "各国要联手抵制保护主义。当今",
        ),
    ),
    GoldPage(
        "real gmw news 2024, print-edition line in the body",
        "https://news.gmw.cn/2024-05/20/content_37330990.htm",
        REAL_CORPUS / "magichtml_gmw_news_2024_content_37330990.html",
        "中国“太空养鱼”项目进展顺利 “鱼航员”状态良好",
        "2024-05-20 03:15",
        "光明网-《光明日报》",
        ("张倩",),
        body=(  # then 《光明日报》（2024年05月20日 03版）
            "新华社北京5月19日电（刘艺、", "4月25日，神舟十八号载人飞船",
            "据中国科学院上海技术物理研究",
            "19日上午，由中国科学院学部局", "活动现场，科学家将斑马鱼样品",
        ),
    ),
    GoldPage(
        "real kepu.gov.cn 2023, Xinhua wire with its headline lines and two captions",
        "http://www.kepu.gov.cn/politics/2023-12/01/content_1755244.html",
        REAL_CORPUS / "magichtml_kepu_gov_2023_xi_changsanjiao_content_1755244.html",
        "习近平主持召开深入推进长三角一体化发展座谈会",
        "2023-12-01 14:43",
        "新华社",
        ("毛梦囡",),
        body=(
            "习近平主持召开深入推进长三角一体化发展座谈会强调", "推动长三角一体化发展取得新的",
            "在中国式现代化中更好发挥引领", "李强蔡奇出席",
            "新华社上海11月30日电中共中央",  # then a picture and its caption (谢环驰 摄)
            "中共中央政治局常委、国务院总", "习近平在上海调研期间专门召开",  # a picture, caption
            "听取大家发言后，习近平发表了", "习近平强调，长三角区域要加强科技",
            "习近平指出，长三角区域要加快", "习近平强调，长三角区域要积极",
            "习近平指出，长三角区域要加强生态", "习近平强调，长三角区域要着力",
            "习近平指出，深入推进长三角一", "李强在讲话中表示，要认真学习",
            "李干杰、何立峰、吴政隆、穆虹",
        ),
    ),
    GoldPage(
        "real chinadaily 2023 (og:title, bold headings, （编辑：…） and 【责任编辑：…】)",
        "https://china.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html",
        REAL_CORPUS / "newspaper4k_chinese_article_001_chinadaily.html",
        "外国专家：中美合作共赢符合国际社会利益",
        "2023-11-17 15:13",
        "中国日报网",
        ("严玉洁",),  # the 责任编辑; （编辑：严玉洁 王辉） under the text is a credit line
        body=(
            "在美国旧金山举行的中美元首会", "中美合作共赢是大势所趋", "美中合作基金会执行主席约翰",
            "瑞典“一带一路”研究所副所长", "克罗地亚地缘经济论坛主席雅思", "美方应当采取更多行动",
            "巴基斯坦人类命运共同体研究中", "阿克拉姆认为，媒体应该发挥更",
            "在他看来，通过促进互利合作，",
            "亚太“一带一路”共策会会长翁", "他分析称，美国曾以国家安全为",
        ),
    ),
    GoldPage(
        "real news.cn 2023 (来源 新华网 printed, meta source 新华社)",
        "http://www.news.cn/fortune/2023-11/17/c_1129981476.htm",
        REAL_CORPUS / "newspaper4k_chinese_article_002_newscn.html",
        "短缺药品保供稳价 全力保障临床用药需求",
        "2023-11-17 20:52",
        "新华网",
        ("张樵苏",),
        body=(
            "新华社北京11月17日电记者1", "据了解，短缺药品信息监测共享",
            "同时，多环节发挥短缺药品清单",
            "此外，多层次提升短缺药品应对",
        ),
    ),
    GoldPage(
        "real cnr.cn 2022 (raw GB2312, 编辑:)",
        "http://fragment.invalid/cnr-525739615",  # the source records no URL
        REAL_CORPUS / "cwce_cnr_xi_military_order_gb2312_raw.html",
        "中央军委主席习近平签署命令 发布《军队装备试验鉴定规定》",
        "2022-02-13 07:00",
        "央广网",
        ("李楠",),
        body=(
            "央广网北京2月13日消息据中", "《规定》坚持以习近平新时代中",
            "《规定》共11章56条，按照面",
        ),
    ),
    GoldPage(
        "real Xinhua regional 2005 (raw GB2312, table layout, Word markup, an interview)",
        "http://chinaneast.xinhuanet.com/jizhe/2005-08/16/content_4894059.htm",
        REAL_CORPUS / "cwce_xinhuanet_chinaneast_2005_gb2312_raw.html",
        "农机专家李金泽：为农机行业搭建现代化信息平台",
        "2005-08-16",
        "新华网",
        ("黄帅",),
        body=(  # after a picture and the byline 新华网黑龙江频道 记者 伊琳 李清芬
            "个人简介：", "李金泽同志现任黑龙江省勃农机", "记者：首先欢迎你来到新华网接受",
            "李金泽：政府通过实行“一增一", "比如说在交通行业的投入，政府",
            "记者：这么看你平时也很关注国",
            "李金泽：应该说现在的市场经济", "记者：你通过什么渠道最快的获",
            "李金泽：通过国家下发的有关文",
            "记者：据你了解农民通过什么渠道", "李金泽：农民现在的学习积极性",
            "记者：据你了解现在农民学习科",
            "李金泽：我们采取展示、推广、", "记者：你们的农机大市场市场场",
            "李金泽：就在勃利县境内，我们",
            "第二个理念就是“科研与生产”", "第三个理念是“服务”，可以说",
            "第四个理念是“信息网络”，我",
            "我们企业集市场销售、科研生产", "我们的目标是要搭建一个符合现",
        ),
    ),
)  # fmt: skip

GOLD_PAGES = SAMPLE_SITE + TEST_PAGE_GOLD + REAL_PAGES
# The pages the generic fallback reads: no People's Daily template fits them.
GENERIC_REAL_PAGES = tuple(p for p in REAL_PAGES if p.body is not None)


def article_pages(page: GoldPage, html: str | None = None) -> ArticlePages:
    """The page (or ``html`` in its place) as the spiders hand it to the pipelines."""
    ref = parse_article_url(page.url)
    article_id = ref.article_id if ref else "gold-" + page.file.stem
    site = ref.site if ref else "people"
    html = page.html() if html is None else html
    fetched = FetchedPage.from_text(page.url, html, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return ArticlePages(article_id, page.url, site, [fetched])


def body_found(expected: tuple[str, ...], paragraphs: list[str]) -> int:
    """How many gold paragraphs open an extracted paragraph, in order: the longest common
    subsequence of the two lists, a pair matching when the paragraph starts with the gold
    opening (whitespace left out of both). One extracted paragraph matches one gold one."""
    found = [_NO_SPACE.sub("", p) for p in paragraphs]
    found = [p for p in found if p]
    row = [0] * (len(found) + 1)
    for opening in (_NO_SPACE.sub("", e) for e in expected):
        diagonal = 0  # row[j - 1] of the previous gold paragraph
        for j, text in enumerate(found, 1):
            diagonal, row[j] = (
                row[j],
                (diagonal + 1 if text.startswith(opening) else max(row[j], row[j - 1])),
            )
    return row[-1]


def published_key(when: dt.datetime | None, precision: str | None) -> str | None:
    """published_at as the gold writes it: to the minute, or the day when that is all stated."""
    if when is None:
        return None
    return when.strftime("%Y-%m-%d" if precision == "day" else "%Y-%m-%d %H:%M")

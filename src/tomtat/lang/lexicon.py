"""Word lists of Vietnamese news, one per lexical class; the stages build their patterns from these.

Entries are lowercase NFC. Two classes that look alike are kept apart where merging them changed the
summaries (measured on the golden summaries); each says how it differs from its neighbour.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from tomtat.lang.tokens import syllables

# Reporting verbs after a speaker ("ông A cho biết, ..."): what compress cuts as an attribution.
SPEECH_VERBS = (
    "cho biết", "cho hay", "thông báo", "thông tin", "nhấn mạnh", "khẳng định",
    "cho rằng", "nói", "chia sẻ", "phát biểu", "tuyên bố", "nhận định",
)  # fmt: skip
# The learned ranker's "says" feature: 8 of SPEECH_VERBS, those the shipped model was trained with.
SAYS_FEATURE_VERBS = ("cho biết", "cho rằng", "nói", "khẳng định", "nhấn mạnh", "chia sẻ", "thông tin", "phát biểu")

# Openers that name who speaks ("Theo ...", "Ông ...", "Người phát ngôn ..."): the ranker's "attribution" feature.
SPEAKER_OPENERS = ("theo", "ông", "bà", "anh", "chị", "người phát ngôn", "đại diện")

# Connectives that open a sentence and lean on the one before ("Trước đó, ..."): compress deletes them.
CONNECTIVES = ("trước đó", "trong khi đó", "ngoài ra", "bên cạnh đó", "đồng thời", "tuy nhiên", "cùng ngày", "theo đó")
# Openings a summary never starts with (order): CONNECTIVES and more that compress leaves in place.
CONTEXT_OPENERS = CONNECTIVES + (
    "cùng lúc", "sau đó", "do đó", "vì vậy", "vì thế", "mặt khác", "cũng", "còn", "thêm vào đó", "ngay sau đó",
)  # fmt: skip

# Openings that point back at someone or something named before ("Ông này", "Trong số này", "Họ"): a summary
# never opens with them either (order), but compress cannot delete them.
POINTING_BACK_OPENERS = (
    "ông này", "bà này", "anh này", "chị này", "người này", "ông ấy", "bà ấy", "anh ấy", "chị ấy",
    "điều này", "điều đó", "việc này", "việc đó", "vụ việc này", "con số này", "con số đó", "động thái này",
    "không ít trong số này", "trong số này", "trong số đó", "trong đó", "họ", "đó là", "đây là", "như vậy",
    "nhưng", "và", "tuy vậy", "dù vậy", "song", "hơn nữa", "không chỉ vậy", "tiếp đó", "khi đó", "lúc đó",
)  # fmt: skip

# Openings that speak to the reader or ask for something: calls to action, not news ("Mời quý độc giả...").
READER_ADDRESS_OPENERS = (
    "mời quý độc giả", "mời bạn đọc", "mời độc giả", "mời các bạn", "mời quý vị", "quý độc giả", "bạn đọc",
    "độc giả có thể", "quý vị", "các bạn", "bạn có thể", "bạn nên", "hãy", "xem thêm", "xem tiếp", "đón xem",
    "liên hệ", "đường dây nóng", "hotline",
)  # fmt: skip
# Speaker labels of an interview's questions ("PV: Ông nhận định ...?").
INTERVIEWER_LABELS = ("pv", "phóng viên", "nhà báo", "ktsg online", "hỏi")

# Abbreviations that end in a dot before a capitalised word (TP. Hồ Chí Minh, PGS.TS. Nguyễn): no sentence end.
ABBREVIATIONS = frozenset(
    "tp tx q p h tt ts pgs gs ths bs bsck ks ls ns nsnd nsưt nxb ubnd hđnd gđ pgđ tgđ ctcp tnhh "
    "st mr mrs ms dr prof jr sr co ltd inc corp no vs tr ng th.s pgs.ts gs.ts ths.bs "
    "t.ư tw đ/c btc ctv pv".split()
)


def alternatives(words: Iterable[str], capitalized: bool = False) -> str:
    """``words`` as a regex alternation, in their order (capitalized: as they open a sentence)."""
    return "|".join(re.escape(w[:1].upper() + w[1:] if capitalized else w) for w in words)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Vietnamese function syllables and news filler (the shipped list), as lowercased syllables."""
    text = resources.files("tomtat.data").joinpath("stopwords_vi.txt").read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(syllables(line))
    return frozenset(words)


# ---- names (lang/names.py) ------------------------------------------------------------------------------
# Words before a name that say it is a person, and that are not part of it ("Tổng thống Putin").
PERSON_TITLES = (
    "ông", "bà", "anh", "chị", "cô", "ngài", "tổng thống", "phó tổng thống", "thủ tướng", "phó thủ tướng",
    "chủ tịch", "phó chủ tịch", "bộ trưởng", "thứ trưởng", "ngoại trưởng", "tổng thư ký", "người phát ngôn",
    "giám đốc", "tổng giám đốc", "đại sứ", "tướng", "đại tướng", "thượng tướng", "trung tướng", "thiếu tướng",
    "đại tá", "thượng tá", "trung tá", "thiếu tá", "đại úy", "tiến sĩ", "ts", "pgs", "gs", "bác sĩ", "bs",
    "nhà báo", "ca sĩ", "diễn viên", "hoa hậu", "người đẹp", "cầu thủ", "huấn luyện viên", "hlv", "thí sinh",
    "bị can", "bị cáo", "nghi phạm", "đối tượng", "tổng bí thư", "bí thư", "nữ hoàng", "vua", "hoàng tử", "giáo sư",
)
# Words before a name that say it is a place.
PLACE_CUES = (
    "tại", "ở", "thủ đô", "tỉnh", "thành phố", "tp", "huyện", "quận", "xã", "phường", "thị xã", "thị trấn",
    "nước", "đến", "tới", "từ", "sang", "miền", "vùng", "bang", "đảo", "sông", "biển", "châu",
)
# First words of an organisation's name.
ORGANIZATION_HEADS = (
    "bộ", "sở", "công ty", "tập đoàn", "ngân hàng", "liên hợp quốc", "lhq", "ubnd", "hđnd", "tổ chức", "hội",
    "đảng", "quốc hội", "chính phủ", "viện", "trường", "bệnh viện", "đại học", "cục", "tổng cục", "ủy ban",
    "uỷ ban", "ban", "câu lạc bộ", "clb", "nato", "eu", "who", "imf", "asean", "điện kremlin", "nhà trắng",
    "tòa án", "viện kiểm sát", "công an", "quân đội", "hãng", "báo", "đài", "trung tâm", "hiệp hội", "liên đoàn",
)
# Spellings of one name that share no letters worth matching: each tuple is one entity.
NAME_VARIANTS = (
    ("Moskva", "Moscow", "Mát-xcơ-va", "Matxcơva"),
    ("Kiev", "Kyiv", "Kiep", "Ki-ép"),
    ("Mỹ", "Hoa Kỳ"),
    ("Liên hợp quốc", "Liên Hợp Quốc", "LHQ"),
    ("TP.HCM", "TPHCM", "TP HCM", "TP Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ("Trung Quốc", "Trung Hoa"),
    ("Hàn Quốc", "Nam Triều Tiên"),
    ("Triều Tiên", "Bắc Triều Tiên", "CHDCND Triều Tiên"),
    ("Nhà Trắng", "Nhà trắng"),
    ("Điện Kremlin", "Kremlin"),
)
# Countries and regions named alone in the news: a place, and never part of the person name after them
# ("Ngoại trưởng Nga Sergey Lavrov").
COUNTRIES = (
    "việt nam", "nga", "mỹ", "hoa kỳ", "ukraine", "trung quốc", "nhật bản", "nhật", "hàn quốc", "triều tiên",
    "pháp", "đức", "anh", "ý", "italy", "tây ban nha", "bồ đào nha", "hà lan", "bỉ", "thụy sĩ", "thụy điển",
    "na uy", "phần lan", "đan mạch", "ba lan", "séc", "hungary", "romania", "bulgaria", "hy lạp", "thổ nhĩ kỳ",
    "iran", "iraq", "israel", "syria", "ai cập", "saudi arabia", "ấn độ", "pakistan", "indonesia", "malaysia",
    "singapore", "thái lan", "lào", "campuchia", "myanmar", "philippines", "australia", "úc", "canada",
    "brazil", "argentina", "mexico", "belarus", "châu âu", "châu á", "châu phi", "đài loan", "hong kong",
)
# More titles (lang/names.py reads PERSON_TITLES + these): degrees, professions, offices written before a name.
MORE_PERSON_TITLES = (
    "pgs.ts", "gs.ts", "ths", "ths.bs", "bsck", "ls", "luật sư", "kỹ sư", "thạc sĩ", "phó giáo sư", "nhà văn",
    "nhà thơ", "nghệ sĩ", "nsnd", "nsưt", "phát ngôn viên", "thống đốc", "thị trưởng", "đại biểu", "ứng viên",
    "chủ nhiệm", "viện trưởng", "hiệu trưởng", "phó hiệu trưởng", "trưởng ban", "phó trưởng ban", "trưởng phòng",
    "phó giám đốc", "chánh văn phòng", "phó chủ nhiệm", "phó bí thư", "thủ lĩnh", "tổng tư lệnh", "tư lệnh",
    "chủ tọa", "thẩm phán", "kiểm sát viên", "điều tra viên", "giáo viên", "cô giáo", "thầy giáo", "thầy", "em",
    "cụ", "bé", "cháu", "vợ", "chồng", "mẹ", "bố", "cha", "con", "giáo hoàng", "công nương", "thái tử", "quốc vương",
    "nhà sáng lập", "tỷ phú", "ceo", "phó thủ tướng thường trực", "thượng nghị sĩ", "hạ nghị sĩ", "nghị sĩ",
)
# Organisation names that are whole by themselves: a capitalised word after one starts another name
# ("Tổng thư ký Liên hợp quốc Antonio Guterres").
ORGANIZATION_WHOLE = (
    "liên hợp quốc", "lhq", "nato", "eu", "who", "imf", "asean", "điện kremlin", "nhà trắng", "wto", "unicef",
    "unesco", "opec", "fifa", "apec", "g7", "g20", "icrc", "ocha", "unhcr", "iaea", "wb",
)
# More first words of organisations' names (lang/names.py reads ORGANIZATION_HEADS + these).
MORE_ORGANIZATION_HEADS = (
    "ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân", "hội đồng", "công an tỉnh", "công an thành phố",
    "tổng công ty", "liên minh", "mặt trận", "đoàn thanh niên", "ngân hàng nhà nước", "học viện", "nhà xuất bản",
    "văn phòng", "quỹ", "cảng vụ", "kho bạc", "thông tấn xã", "ctcp", "tnhh", "hđnd", "sở giao dịch chứng khoán",
    "tand", "tòa án nhân dân", "toà án nhân dân", "vksnd", "viện ksnd", "vks", "mttq", "ubtư mttq", "bv", "nxb",
    "bđbp", "catp", "caq", "ubcknn", "nhnn", "nhtư", "đhqg", "đhqghn", "hđqt", "phòng", "vụ", "khoa", "bảo tàng",
    "nhà hát", "nhà máy", "tổng liên đoàn", "trung đoàn", "sư đoàn", "lữ đoàn", "hải quân", "không quân",
    "cảnh sát", "bộ đội biên phòng", "đoàn tncs", "đoàn thanh niên cộng sản", "mặt trận tổ quốc",
)
# Capitalised place words that, before a name, are no part of it ("Tỉnh Quảng Nam" is Quảng Nam)...
PLACE_LEVELS = ("tỉnh", "thành phố", "tp", "huyện", "quận", "xã", "phường", "thị xã", "thị trấn", "thủ đô")
# ...except where they are the name itself.
PLACE_LEVEL_NAMES = ("tp hồ chí minh", "tp. hồ chí minh", "thành phố hồ chí minh", "tp hcm", "tp. hcm")
# Places named alone in the news (cities, provinces, regions): a place without a cue, kept at a sentence's start.
PLACES = (
    "hà nội", "tp.hcm", "tphcm", "hải phòng", "đà nẵng", "cần thơ", "huế", "nha trang", "đà lạt", "vũng tàu",
    "bà rịa - vũng tàu", "bà rịa", "quảng ninh", "quảng nam", "quảng ngãi", "quảng bình", "quảng trị", "nghệ an",
    "hà tĩnh", "thanh hóa", "thanh hoá", "nam định", "thái bình", "ninh bình", "hà nam", "hưng yên", "hải dương",
    "bắc ninh", "bắc giang", "lạng sơn", "cao bằng", "hà giang", "lào cai", "yên bái", "sơn la", "điện biên",
    "lai châu", "hòa bình", "phú thọ", "vĩnh phúc", "thái nguyên", "tuyên quang", "bắc kạn", "bình định",
    "phú yên", "khánh hòa", "ninh thuận", "bình thuận", "kon tum", "gia lai", "đắk lắk", "đắk nông", "lâm đồng",
    "bình dương", "bình phước", "đồng nai", "tây ninh", "long an", "tiền giang", "bến tre", "vĩnh long",
    "trà vinh", "đồng tháp", "an giang", "kiên giang", "hậu giang", "sóc trăng", "bạc liêu", "cà mau", "phú quốc",
    "hội an", "sa pa", "trường sa", "hoàng sa", "tây nguyên", "đồng bằng sông cửu long", "biển đông",
    "moskva", "moscow", "mát-xcơ-va", "kiev", "kyiv", "kiep", "washington", "new york", "bắc kinh", "thượng hải",
    "tokyo", "seoul", "bình nhưỡng", "paris", "london", "berlin", "brussels", "geneva", "rome", "madrid",
    "bangkok", "jakarta", "manila", "vientiane", "viêng chăn", "phnom penh", "kuala lumpur", "new delhi", "sydney",
    "donetsk", "lugansk", "luhansk", "kharkiv", "kherson", "mariupol", "odessa", "crimea", "donbass", "donbas",
    "zaporizhzhia", "lviv", "gaza", "jerusalem", "tehran", "trung đông", "đông nam á", "châu mỹ", "bắc mỹ",
    "thái bình dương", "đại tây dương", "ấn độ dương", "bắc cực", "nam cực", "hồ tây", "sri lanka",
    "thừa thiên huế", "thừa thiên-huế", "gò vấp", "bình thạnh", "thủ đức", "hoàn kiếm", "ba đình", "cầu giấy",
)
# Family names of Vietnamese people: a run they start, of 2 to 4 syllables, is a person's name.
SURNAMES = (
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô",
    "dương", "lý", "đinh", "đoàn", "lâm", "trịnh", "mai", "trương", "đào", "cao", "lương", "hà", "tạ", "lưu",
    "châu", "tôn", "thái", "kiều", "quách", "vương", "đàm", "tăng", "từ", "lại", "triệu", "hứa", "khúc", "giang",
)
# Words that may follow a one-syllable name in running text ("ông Hùng và ...", "Huế ở ..."); a capitalised
# Vietnamese syllable followed by any other lowercase word is taken for a word capitalised by style ("Chính phủ").
NAME_FOLLOWERS = (
    "và", "ở", "hay", "hoặc", "cùng", "khi", "vừa", "mới", "từng", "không", "chưa", "có", "đến", "tới", "về",
    "ra", "vào", "lên", "xuống", "nay", "này", "đó", "ấy", "rằng", "vẫn", "còn", "lại", "nhưng", "thì",
)
# More spellings of one name (lang/names.py reads NAME_VARIANTS + these).
MORE_NAME_VARIANTS = (
    ("Ukraine", "Ucraina", "U-crai-na"),
    ("WHO", "Tổ chức Y tế Thế giới"),
    ("EU", "Liên minh châu Âu", "Liên minh Châu Âu"),
    ("Bắc Kinh", "Beijing"),
    ("Zelensky", "Zelenskiy", "Zelenskyy"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
    ("Tập Cận Bình", "Xi Jinping"),
    ("Mariupol", "Mariupon"),
    ("Donbass", "Donbas"),
    ("Lugansk", "Luhansk"),
    ("Kharkov", "Kharkiv"),
    ("Vương quốc Anh", "Anh Quốc"),
)

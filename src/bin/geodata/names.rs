//! English names of the units: the provinces' by table, the prefecture-level units' romanised
//! from the Chinese name (administrative suffix stripped, toneless pinyin, a few overrides).

use pinyin::ToPinyin;

/// The 34 provincial-level units' English names.
pub(crate) fn province_name_en(adcode: u32) -> Option<&'static str> {
    Some(match adcode {
        110000 => "Beijing",
        120000 => "Tianjin",
        130000 => "Hebei",
        140000 => "Shanxi",
        150000 => "Inner Mongolia",
        210000 => "Liaoning",
        220000 => "Jilin",
        230000 => "Heilongjiang",
        310000 => "Shanghai",
        320000 => "Jiangsu",
        330000 => "Zhejiang",
        340000 => "Anhui",
        350000 => "Fujian",
        360000 => "Jiangxi",
        370000 => "Shandong",
        410000 => "Henan",
        420000 => "Hubei",
        430000 => "Hunan",
        440000 => "Guangdong",
        450000 => "Guangxi",
        460000 => "Hainan",
        500000 => "Chongqing",
        510000 => "Sichuan",
        520000 => "Guizhou",
        530000 => "Yunnan",
        540000 => "Tibet",
        610000 => "Shaanxi",
        620000 => "Gansu",
        630000 => "Qinghai",
        640000 => "Ningxia",
        650000 => "Xinjiang",
        710000 => "Taiwan",
        810000 => "Hong Kong",
        820000 => "Macao",
        _ => return None,
    })
}

/// Ethnic names that stand between a place name and 自治州 / 自治县.
///
/// Keep in step with `ETHNIC` in `src/core/import/names.rs`, where the atlas strips the same
/// names to match imported place names to these units. 维吾尔 occurs in no prefecture-level
/// name of the source (only in the province 新疆维吾尔自治区, named by [`province_name_en`]), so
/// listing it here changes no output. That file also strips 自治区 and never leaves fewer than
/// two characters; neither rule matters for the prefecture-level names romanised here.
const ETHNIC: &[&str] = &[
    "蒙古族",
    "蒙古",
    "哈萨克",
    "柯尔克孜",
    "维吾尔",
    "朝鲜族",
    "土家族",
    "布依族",
    "傈僳族",
    "景颇族",
    "哈尼族",
    "苗族",
    "侗族",
    "藏族",
    "羌族",
    "彝族",
    "傣族",
    "白族",
    "壮族",
    "回族",
    "黎族",
];

/// Romanisations that plain per-character pinyin gets wrong (polyphones: 重庆, 长春, 成都, 佛山,
/// …) or where the established English name is not pinyin (Mongolian, Uyghur and Tibetan place
/// names, and a few cities such as Harbin).
const NAME_EN_OVERRIDES: &[(&str, &str)] = &[
    // Polyphones.
    ("重庆", "Chongqing"),
    ("长春", "Changchun"),
    ("长沙", "Changsha"),
    ("长治", "Changzhi"),
    ("成都", "Chengdu"),
    ("佛山", "Foshan"),
    ("蚌埠", "Bengbu"),
    ("六安", "Lu'an"),
    ("六盘水", "Liupanshui"),
    ("厦门", "Xiamen"),
    ("乐山", "Leshan"),
    ("乐东", "Ledong"),
    ("东莞", "Dongguan"),
    ("朝阳", "Chaoyang"),
    ("漯河", "Luohe"),
    ("亳州", "Bozhou"),
    ("宿州", "Suzhou"),
    ("宿迁", "Suqian"),
    ("曲靖", "Qujing"),
    // Established names.
    ("香港", "Hong Kong"),
    ("澳门", "Macao"),
    ("台湾", "Taiwan"),
    ("哈尔滨", "Harbin"),
    ("齐齐哈尔", "Qiqihar"),
    ("呼和浩特", "Hohhot"),
    ("鄂尔多斯", "Ordos"),
    ("呼伦贝尔", "Hulunbuir"),
    ("巴彦淖尔", "Bayannur"),
    ("乌兰察布", "Ulanqab"),
    ("兴安", "Hinggan"),
    ("锡林郭勒", "Xilingol"),
    ("阿拉善", "Alxa"),
    ("乌鲁木齐", "Urumqi"),
    ("克拉玛依", "Karamay"),
    ("吐鲁番", "Turpan"),
    ("阿克苏", "Aksu"),
    ("喀什", "Kashgar"),
    ("和田", "Hotan"),
    ("阿勒泰", "Altay"),
    ("博尔塔拉", "Bortala"),
    ("巴音郭楞", "Bayingolin"),
    ("克孜勒苏", "Kizilsu"),
    ("阿拉尔", "Aral"),
    ("图木舒克", "Tumxuk"),
    ("可克达拉", "Kokdala"),
    ("拉萨", "Lhasa"),
    ("日喀则", "Shigatse"),
    ("昌都", "Qamdo"),
    ("林芝", "Nyingchi"),
    ("那曲", "Nagqu"),
    ("阿里", "Ngari"),
    ("果洛", "Golog"),
];

/// Strips the administrative suffix (市, 地区, 盟, 自治州 with its ethnic names, …).
fn strip_suffix(name: &str) -> &str {
    let mut s = name;
    for suffix in [
        "特别行政区",
        "自治州",
        "自治县",
        "地区",
        "林区",
        "市",
        "盟",
        "省",
        "县",
    ] {
        if let Some(rest) = s.strip_suffix(suffix)
            && !rest.is_empty()
        {
            s = rest;
            if suffix.starts_with("自治") {
                while let Some(rest) = ETHNIC
                    .iter()
                    .find_map(|e| s.strip_suffix(e))
                    .filter(|r| !r.is_empty())
                {
                    s = rest;
                }
            }
            break;
        }
    }
    s
}

/// Romanises a unit name: suffix stripped, pinyin without tones, title case, apostrophe before a
/// syllable starting with a vowel ("Xi'an").
pub(crate) fn name_en(name_zh: &str) -> String {
    let base = strip_suffix(name_zh);
    if let Some((_, en)) = NAME_EN_OVERRIDES.iter().find(|(zh, _)| *zh == base) {
        return (*en).to_string();
    }
    let mut out = String::new();
    for (ch, py) in base.chars().zip(base.to_pinyin()) {
        let syllable = py.map_or_else(|| ch.to_string(), |p| p.plain().to_string());
        if !out.is_empty() && syllable.starts_with(['a', 'e', 'o']) {
            out.push('\'');
        }
        out.push_str(&syllable);
    }
    let mut chars = out.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_romanise() {
        assert_eq!(name_en("齐齐哈尔市"), "Qiqihar");
        assert_eq!(name_en("鹤岗市"), "Hegang");
        assert_eq!(name_en("成都市"), "Chengdu");
        assert_eq!(name_en("西安市"), "Xi'an");
        assert_eq!(name_en("延边朝鲜族自治州"), "Yanbian");
        assert_eq!(name_en("海西蒙古族藏族自治州"), "Haixi");
        assert_eq!(name_en("大兴安岭地区"), "Daxing'anling");
        assert_eq!(name_en("重庆市"), "Chongqing");
        assert_eq!(name_en("锡林郭勒盟"), "Xilingol");
        assert_eq!(name_en("保亭黎族苗族自治县"), "Baoting");
        assert_eq!(name_en("香港特别行政区"), "Hong Kong");
    }
}

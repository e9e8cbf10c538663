"""Pre-subset CJK fonts for fast PDF rendering.

Stock WeasyPrint embeds the whole Noto CJK face it finds on the system and subsets it for
every document. With HarfBuzz-subset that costs ~0.2 s a page; where WeasyPrint falls back
to fontTools (no ``libharfbuzz-subset`` >= 4.1) it costs 6-10 s a page. Here we subset the
Debian Noto CJK SC face ONCE into two small "common" fonts cached under ``var/fonts/``:

- ``DocCommon``: ASCII, Latin-1, general and CJK punctuation, full-width forms, the GB2312
  symbol rows and the 3755 GB2312 level-1 hanzi -- nearly every character of a document;
- ``DocCommonL2``: the 3008 GB2312 level-2 hanzi (赉 琪 璐 芮 ...), used by a document only when
  its text has one of them.

Per document we build (and cache) a tiny "extra" font holding only the characters the common
fonts lack -- typically rare characters in residents' names (生僻字: 堃 镕 赟 䶮 𠮷 ...).

Why this shape (see ``bin/bench-pdf``): WeasyPrint subsets every embedded font again for every
document, keeping glyph ids (``RETAIN_GIDS``), so its cost and the size of the embedded font grow
with the *highest glyph id the document uses*, not with the number of glyphs used. So the glyphs
of the common fonts are ordered by how often a character is used (:func:`glyph_rank`: ASCII and
punctuation first, then :data:`FREQUENT_HANZI`, then the other hanzi; glyphs that shaping
substitutes in, like the ``locl`` forms of digits, next to their characters), and the rarer
level-2 hanzi live in their own font: a certificate uses glyph ids below ~2000 instead of ~13500
(~0.1 ms less per 100 glyph ids, per font). The fonts keep only the layout features HarfBuzz
applies by default (:data:`LAYOUT_FEATURES`) for the default and Simplified Chinese language
systems, so text is shaped exactly as with the system font, and no vertical metrics nor
variation-sequence cmap: 5000 + 3000 glyphs instead of ~13700 (see :func:`_finish_cff`).

Every CID-keyed CFF font built here also gets an identity charset (CID == glyph id, see
:func:`_finish_cff`): WeasyPrint writes glyph ids into the PDF, and Acrobat / Preview resolve
them through the CFF charset while poppler / PDFium use them as glyph ids, so a subset that
kept the source's CIDs would show wrong glyphs in Acrobat.

Characters that the CJK face lacks are looked up in the other installed fonts through
fontconfig (``fc-list``) and subset from there ("fallback" fonts). Characters no installed
font covers are reported in :attr:`FontPlan.missing`; :func:`cases.documents.render.render_pdf`
refuses to print a blank box for them.

Everything here is cached on disk (``var/fonts/``, keyed by source-file path/mtime/size and
build version; written atomically, so concurrent processes are safe) and in memory (guarded
by one lock). :data:`stats` counts builds and cache hits.
"""
from __future__ import annotations

import hashlib
import html as html_lib
import os
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Where built fonts live. Override with the DOCUMENTS_FONT_DIR environment variable.
FONT_DIR = Path(os.environ.get("DOCUMENTS_FONT_DIR") or ROOT / "var" / "fonts")
#: Bump when the subset recipe changes: every cached font is rebuilt.
BUILD_VERSION = "6"

NOTO_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto-cjk")
STYLES = {
    # style: (family name inside the .ttc, {weight: file name})
    "serif": ("Noto Serif CJK SC", {400: "NotoSerifCJK-Regular.ttc", 700: "NotoSerifCJK-Bold.ttc"}),
    "sans": ("Noto Sans CJK SC", {400: "NotoSansCJK-Regular.ttc", 700: "NotoSansCJK-Bold.ttc"}),
}
DEFAULT_STYLE = "serif"
COMMON_FAMILY = "DocCommon"  # ASCII, punctuation, symbols, GB2312 level-1 hanzi
LEVEL2_FAMILY = "DocCommonL2"  # GB2312 level-2 hanzi
#: Tables left out of every font built here: vertical metrics (WeasyPrint lays out horizontally).
DROP_TABLES = ("vhea", "vmtx", "VORG")
#: OpenType features kept: those HarfBuzz applies to horizontal text by default. Pango shapes with
#: them (Noto CJK's ``locl`` gives digits and Latin their region-specific forms), so glyphs come out
#: as with the system font; the others (``vert``, ``fwid``, ``aalt``, ``ruby`` ...) would only add
#: thousands of glyphs no document reaches.
LAYOUT_FEATURES = ("abvm", "blwm", "calt", "ccmp", "clig", "curs", "dist", "dnom", "frac", "kern", "liga",
                   "locl", "mark", "mkmk", "numr", "rclt", "rlig", "rvrn")

#: Space separators go into every font built here, whatever it is for: Pango shapes a space with the
#: font of the characters around it (it assumes every font has spaces), so a space between two
#: characters of DocCommonL2 or of an extra font would otherwise come out as a missing glyph.
SPACES = frozenset((0x20, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000))

#: Counters, for tests and the benchmark: common_built / common_loaded / extra_built /
#: extra_disk_hit / extra_memory_hit / plan_memory_hit / fallback_lookups ...
stats: Counter = Counter()

_lock = threading.RLock()


class FontSourceError(RuntimeError):
    """The Noto CJK SC font this module subsets is not installed."""


# -- character repertoires -------------------------------------------------------------


@cache
def gb2312_chars() -> frozenset[int]:
    """Every character of GB2312 (hanzi levels 1+2 and the symbol rows), by decoding all valid byte pairs."""
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return frozenset(out)


@cache
def common_repertoire() -> frozenset[int]:
    ranges = [
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xFF),  # Latin-1 supplement (· × ÷ ° ...)
        (0x2000, 0x206F),  # general punctuation (— “ ” ‘ ’ … ‰ ※)
        (0x2100, 0x218F),  # letterlike symbols and number forms (℃ № Ⅰ Ⅱ)
        (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
        (0x3000, 0x303F),  # CJK symbols and punctuation (、。〇《》【】)
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFF00, 0xFFEF),  # half-width and full-width forms
    ]
    cps = set(gb2312_chars())
    for lo, hi in ranges:
        cps.update(range(lo, hi + 1))
    return frozenset(cps)


def _gb2312_row(cp: int) -> int:
    """The GB2312 row byte (0xA1..0xF7) of ``cp``; 0 if it is not in GB2312."""
    try:
        return chr(cp).encode("gb2312")[0]
    except UnicodeEncodeError:
        return 0


@cache
def level2_chars() -> frozenset[int]:
    """The 3008 GB2312 level-2 hanzi (rows 0xD8-0xF7): rarer characters, kept in their own font."""
    return frozenset(cp for cp in gb2312_chars() if _gb2312_row(cp) >= 0xD8)


@cache
def frequent_repertoire() -> frozenset[int]:
    """What the ``DocCommon`` font holds: the common repertoire less the level-2 hanzi."""
    return common_repertoire() - level2_chars()


#: 3500 GB2312 hanzi, most used first: first the characters of this project's own texts (its
#: templates, translations and code: what documents are made of), then the others, each group
#: ranked by the word frequencies of the jieba dictionary (MIT licence). Only the *order* of glyphs
#: in the common fonts depends on it, never what they cover: a document whose characters all rank
#: early uses only low glyph ids, which WeasyPrint subsets fastest (see the module docstring).
FREQUENT_HANZI = (
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于后就发自之对得主长可过天作分方用多你着部能市等业"
    "全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还然起种所如现理机体表力好外与文当两实重新三么只山水关明从化平建制"
    "南内西没此将员名手最东头者月间无安看见各城十相但已些正口通想度加第她合院物性战由位常点海意场武使次二向治因立数样身情入原问把路被"
    "并利石老教万知级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声提品设或义王社很统处四首共马形己儿司太目基领队直计别女权话"
    "少流命至报米给打变果书清活几州华解议更称程今决张导术府才保交放管结师便走达族反再题色五京河接条规式县白它改风光运信受什组布百济党"
    "指论强做取技黄选记斯真职号界件花类何兵传带空干农边据集联古广完质阳增历史专官每住商即步认车台林必游线言土团收考求德叫近备研非具李"
    "众连调感转革该持始英克士尔让拉思根格造较际单朝红型价校约器字段周亚深候则功属积快图千准究往极育装许参半观精办像八复影告远群包整构"
    "料随划算象容示投势热值夫网望源息语股铁断派速怎需片爱律纪支早况病境证编越局推满且列觉服双未居除乐企引标确织初青志项飞球察节龙响药"
    "站施消客失存低般击曾防请落显罗营足素视护副食创余照兴占巴虽村费易试星木黑左宝置跟识维采六底宫房音环案批切富乡另倒若按查故突责严桥"
    "模仅围席态破承招杨负层须父供续状域似依银范修找九致密终旅钱独细效玉冲获习医演毛尽弹楼艺航陆右协七镇检写苏宗章注阿验封紧劳户优财养"
    "适陈喜卫排射哥油刻留急云例景拿绝阶座刘刚印亿沙母酒助闻超审待压升送监策略限香配藏呢仍兰温园波哪词岛止预继皮执味份角草男普答益谁船"
    "核街夏宣田久著画辑尼吧谈背免孩礼材愿洋春架筑括晚乎讲尚良友临激夜室既昌板胡欧福港叶简担荆贵辖威宜衣帮块堂额错充欢够孙班呼销练脚退"
    "读测吴希宁换版异某顾曲楚典朱菜救宋茶洪含顺啊鲜败货矿端归冷买险康评吗厂永哈遗停输牛松顶训录否述毕督控丰献互亮纳襄登钟伯季脑介鄂召"
    "扩祖齐短牌恩诉移础届蒙静盘卖植授伊湾博逐秘庭陵固禁票杂姓侧庆甲馆补唐彩俄旧警索载靠附怀软探雷旁牙迎序盛雨墙谷顿危熟概操诸绿佛荣针"
    "托宽折野付午肯库缺耳谢巨培页瓦店智拥雪翻圣戏吉婚岩歌廷健卡析跑误疗舞闭汽脱繁川莫麻秀寻私岗卷跳丽横驻套兼您丁束纸袁灯坏坦径购阴床"
    "择峰遍鲁掉丹售课播奥隐络潜庄混厅鼓赵访予童徐韦殖抓拜址洛休纵染纷贸透汇森仪塔融缓聚盖拍释孔岭搜虑促钢塞津码坛珍硬梁损替税综伦冰盟"
    "韩乌尤弱铺秦珠迅途隆潮剂幸奉乘抱朋频崇壮享绍械敬签郭嘉障缩废埃撤暖订绩盐萨勒忘孝贴灰梅玩默醒裁纺截讯誉伙勇徒尾唱泰佳伍疾冠豆申麦"
    "诺羊涉贡摩殊贝零映甘岳饮棉跃汗努赞启伏池鹿洗晋倍媒箭沟隔曹汤苗唯储彻桌符衡旋凤黎郎肥磁辽董辛瑞询敏昨荷焦净湘冬伟桂览恢晶坡魏墨蓝"
    "阅井鸿旦窗扎聘宇键递厉杜闲侍幕郑磨薄浮券赤译租戴邓牧堡册锅柳吹趋颜陶诚尺晓插蒋勤摄燕辆腾粗绘氏枝泊估杭琴盾稍矛籍亭贷巡屈堆曼饰迟"
    "描辅餐幼冈澳驾肃仿炼杰碗扫暂祝渔宾寿凝邻仇莱拟姆傅陕昆腊耐辉斜熊浅沈返拖俊惠涂添详割侯柔档糊拒宿揭赖卢邮伐凯帅锁帐胶赫箱浙弯瓜挡"
    "疆膜刷贾夹薪填钻丛徽贺菲撒扰蛇锡炉匹鉴慕穆芳豫吾淮捷醉兽柴溪恒励秒允塑拆凌纽敦荐柏乔轴喷孟轨晨桑畅畜浩迪丢咨洁飘搬舒诊梯勾霍舌筋"
    "屏殷栏纠链寸冶叙吊稿娜汪逆猎缝乙慧函嫩糕漏茅渠欣彭漆夷郁阀宴逻瘦拓粘伪抛玻昂圳吕冯仓庞叉艾鼠契葡剪艳聪漂串浆巷铸滨盒喀翁蓄帕劫葛"
    "仲蔡诞朴萄赔卜陀抹蓬摊浦账廉戈弗尉芦纱芬嫂鹏姚萧卿卓戚旺硕隋饶沪摘坤宛潭裕溃蒂瑜撰帖硫蹈痕柯婴兹遮厦柜匈霞尹谭饲俞姜旭崩晒屠阙宠"
    "虹甸芝涛巩峻滞娱芯茨喻挪厨巢潘锻骤蒲樊斌薛泳皖啡镖妆禾淘勘咖框翔舶栗琳圭砌阮璧帆冀嵌菊鞍弧阎浏裘琼淑丙驳崔缅奢渝辜萍寇坪溢屑颖赣"
    "粤邢邵烫闽勿歉詹狄埔雍铲厄玲戳迭垃郝瑙粟圾鞑凳娟巫蚁苑禹伽隧噪柬斐卞耿祁宦浇窦鲍滤逾驯僻阜睿湛邹聂莉骆虞彬晖逗倪檀缀簿楠亢筛渤钥"
    "戎乍栅邱莹廖胥苟牟裴麟杠馈删翌侈冉灸酋梵姬蚂刨褚匡梧擎匿尧焊邸璐瞿龚婷甄谌篡滕蓟钳扈佟闵曳刁锚晏汕麒岑赁淄邯渲镀莞鞠靼奚挝磊缪钮"
    "鑫晁郸铣邬娄敖滦翟臧邰茹涪倩潢纫镗铆裱昊覃鄢浔氩峥芮蔺佘栾楦亓邝冼靳悌赉逯钣仝嵇郜阚昝又听神却眼难死举皇争笑亲火令吃鱼帝率均轻甚"
    "离洲央斗胜杀血赛脸攻抗弟坐降念微伤害竟敌差树征善怕惊掌奇剑乱刀敢邦挥苦句岁娘守剧阵坚毒判兄忙肉沉散笔假洞渐姑忽爷咱臣雄饭暗烈赶诗"
    "露喝痛减穿灵泽吸妈遇追炮沿殿刺怪岸轮妇毫骨罪枪慢恶稳酸厚罢屋嘴末款犯困旗奖疑币圆烧讨烟仙亡伸秋姐侵借君夺丝瞧墓宪庙桃舰御避怒拔延"
    "虚粮遭摇婆奴睡震吨扬逃灭蛋距狐郡迹忠润粉涓紫抵寺液虎奔累役偏迫锛凡壁哭挂竞妹尊竹脉泥鬼纯睛刑幅杯握谋谓骑恐鸡虫铜呈泛摆欲奶措爆暴"
    "猛亦搞胞曰寒俗阻奏触胸莲篇柱啦淡抢捕闹朗雅忍梦峡丈迷泉残闪呀署剩贼倾贫泪尖辈镜爹缘妻骂糖奋雕冒渡阁斤裂患劲圈锋胆凭挑抬闯弄迁叹振"
    "贯祭僧炸喊援忌赏祥仁浪貌毁巧腿抽陷腹弃乃亩滑狗宏皆番尸龄绕趣摸伴浓绪舍荡惯症鸟辞穷堰荒恨隶腰袭灾涨湿叔寨豪腐氧肠煤孤诏妙旨胖阔丘"
    "锦悬拳艇穴垂罚戒稀袋炎肩狂扑臂哲寡偷懂悲炒愈颁吐呆违眉撞刊碎滚悉寄浜污魔烦鼻盗凉仗菌肚爸仰抚慈扶盆纲倘忧惜跨漫猪涌赴恰劝践顷赋悄"
    "贤愤乏轰粒逼溶葬燃魂挺犹乳陪颇棋姊翼丧惨驱袖牵咸碰纤岂跪覆绣吓偶烤娃颗扇循衰弦羽枚疏搭俱埋蒸壳彼脏拱筹肿杆凶债甜泡玄谱乾遣灌咬尘"
    "廊狼牢脊熙卒碑漠躲削踏朵遵狠纹亏跌慌邀爬奸棒耕艘齿脂滴盈卵滋浠妃碍瓶辩遂怨拨肌俘挖鸣肝偿腔拦靖耗披胁吏烂尝垸辟耶艰佩疼厘匠悠壤拾"
    "妖掩璃歇猜坊堤瞎氨辨鞋昏恭雾擦窝捉奈肤愁砖辣幽嘛赢藕挤狮耀扣篮尿唤侠枢衙恋惧笼弥晃哩剥拼欺榜囊堪骗棺胎俩郊掘匆藻携辱扯癌滩悟祸秉"
    "慰驰狱砍吞纬催踪叛浑牲杖鞭腺邪汝碳咐椒绳颈遥斑忆卑抑嫁扭胃仔恼贪兆庸僭疯侦鹰驶斩鹤猴蜂赐闷柄椅轿扮砂傻辐啥侨吟刃饱玛碱钦哼儒泄臭"
    "蓉捧祯舱坝芙瘤勃帽敲吻舟夸抖霸宸仆躺瑶谦炭袍卧猫珊溜衔苍坑碧咽押惩迈锐颤疲履宅缠饿幻逢扁旱罕怜姻磷惟掠稻撑肾姿胀慎哨摔谨鹅丑塘肺"
    "镑趁蜀兑哦贞禧惑踢妥筒禀祀饼狭澶杩绵诱呵疫辰顽倡矩翠煌茂畏劣氛鸭瓷秩悔挣拐鼎睁脾聊株枯幺冻唇茫哀轩蛮醇棍晕宙酷郧欠稷孕槽栖吩昭罐"
    "叠墩盼舆芒斥酬捐斋眠脆璋皱蚀淋翰钉棣丫阐宰翅沃挨霖哄爵涔衫逊铭擅嫌赌肖雇罩煎丐掷誓冤屁竭菱厌矮渊俺崖氢棚喇涵堵媳抄怔肢泌甫檐寂颠"
    "逝霜羞铅佐瞬爽挽禅娶屯韵悦肴螺凑烛歼毅杉慨钧渗蜜窑谐喉愧栽扔苯谊肆吵夕壶赚窄弓盲勋窟嗣煮巾裤膨奠瞪珞愚膏喘膀蔬糟僚匾妄畴喂沔耻牺"
    "妨硅雌陛卸砸贩竖攀伞惹裹汁擒鳞佣渴浣叩龟雀掀唉泼亥僵屡瞒厮璇刮钩桐谅隙丞盯霉侄逸浸爪坟咳脖彪朕衍鳍讼虾熔怖嘿磕洒掏枣舅昔焕哑捞衷"
    "卦旬矣蜡婶琉枕娇豹傲腕氯燥焚乖禄赠嘱晌琦铃雁姨蹄焰虏粑饥兀捏缔歪蕴鸦嘻俯庵吁剿禽勉膝捣茎晴厢匀灏梨涯驼匪撕嗯搏缚垄寓愣麋劈旷舵沸"
    "丸绸炬缴寰贱躯褐酶嚷拌颂帜陡募佑绑仑麓帘钠刹弊藤痴哇凰歧驴铝闸喃滥耍桶酱惶躬熬娥啸裙骚亨窃挫凿塌垫芽钙凸哟逮锥怡魄灶浴蔽懒橡硝晰"
    "赦盏鄙庐谕拂菩沼屿倚棵瑰羲酿诈锌杏卤沦婉躁淳斧哎凛兔淫剖蕲烹咕姥蚕兜搅暇裸趟粹吼哗搁呜瞻乞骇炕垮拘笛鹃淀肪愉犬蹲椎诵烘榴腥颊萝蟹"
    "灿摧棱骄凄怯梢暮媚钊沫糯炳谏畔襟锤觅拢胪诀叮苹榨瀹沾枉髓瑟坠棕贿泣嫣峨憾胺甩陂烯钓沧瞅暑耸垒傍睹薯谜咋缁嗓贬窜葱戟胚犁莎囚诡腻藩"
    "彦巍痒蹇芷膊沐婢喧逛贮恍菇绮厥澄耽讽衬恕毯仕昼拚桓钾膛膳坎敛碌沽侮寝妾嗽眷揪牡毙涡荫釜锣桩缮梳瀛咀揽倦岱弘淤尴恳祠粥衢秃瀑搂缸挠"
    "莽瞄跋呐歹驿豚胳魁诧绒谎尬陌讳蝶咒裔梭涅杈泻苇焉迦扒翊敷谣隅凹撇氮妓潇朽寮郢粪诛醋栋谴踩簇礁庶衮嘲堕濂鲟彝沛篷嚼溯黔敞绞瓣蕃汰遏"
    "魅槐鞘钞讶徙碟琐琢嗤蠢锰嵋弼绅腑瑚稽溉祈宵庇蒿蛛窍玫煞笨鸽泵袱捡薇拈骡肇砰迄垣斟灼澜漕萼葫梗筷洼镶鳌捆昧跺棘曙豁挟矢酥惕淹眨岔稼"
    "灞逵揉俭蛙匣盔陋羌缆抒痰慷後扳芜懈琛汛悍呕瑕酚伺羡拽蔗滇苔拇冥厕絮藉羹窥奕铮矶匕哺怠窖瞩蕉苕猿浊瞥璁缉皋萌斡焖揖祺烷芋绽侗匙谬橙"
    "撼睦剌撮熏碾垦逍彰佃邑啪诰梓驹嗡羁敝汞嚣辫蝇惭汹沅蠡墟咧娴漳滔韧孢缕炯涩嵩缎唬饷哉褰濒峭鳙殉霎椭咯啤婿眯眶鸪珂靡矫诲肘嘶孽杞饵咚"
    "敕桨樱愕榻憋蔓啼晤鹧侣笃懿骸摹磋皂咏趾吭鲤翘拣骞鳄绰酯氟渣娌鸠锯闺脓譬颐钛奎揣溅绢茸蜒畸烁姝棠怦晦瘫朔疮蓦靶攒渭铀磅唾茄蕾馨傣荤"
    "兢扛葵丕舜鲨乒逞诬廓镍槛狡俏鸳芥浼稚叭悼漓楞毗赎倭玺蝉憎柑楷妒蚊孜拙韬祷熄鸯虐蒯佬紊酰妮蚌噶沁剃芭烩稠锭娑胧琅坞褂筵轧褶觑酮篆洽"
    "醛唧趴绉崛扼圻叨蒜寞毡簧撬煨砥嫉腮慑朦嗅鲢聋酌炖胤攘牒吱嫔蜿笙裳碘霄捻乓吆澧瘾劾瞰橘澡竿矗耙钝寥蛾姹剁庚勺隘搓靴狩狸讥擂豌馒茬伶"
    "秭鲸苛镁垛臀颅颌徊捎幢弩讧咦嘎涕纂俸呻卯嗜榆札噢蔑峙萎绷赂戮瓮蹦肋穗壕辇陇椰氓辕蟾恃狈孵"
)


@cache
def _order_recipe() -> str:
    """Digest of what decides the glyph order of the common fonts (part of their cache key)."""
    return _digest(FREQUENT_HANZI, _OFTEN_PRINTED, _RARELY_PRINTED, DROP_TABLES, LAYOUT_FEATURES,
                   _SHAPING_LANGUAGES)


@cache
def _frequency_rank() -> dict[int, int]:
    return {ord(c): i for i, c in enumerate(FREQUENT_HANZI)}


def glyph_rank(cp: int) -> tuple[int, int]:
    """Sort key for the glyphs of the common fonts: likely characters first (see the module doc)."""
    if cp < 0x80:
        return (0, cp)
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
        rank = _frequency_rank().get(cp)
        if rank is not None:
            return (2, rank)
        row = _gb2312_row(cp)
        return (3, (row << 16 | cp) if row else 0xFF0000 | cp)  # GB2312 order: by pinyin within a level
    if any(lo <= cp <= hi for lo, hi in _OFTEN_PRINTED):
        return (1, cp)
    if any(lo <= cp <= hi for lo, hi in _RARELY_PRINTED):
        return (5, cp)
    return (4, cp)


_OFTEN_PRINTED = (  # punctuation and symbols a Chinese document commonly has
    (0x00A0, 0x00FF),  # Latin-1: · × ÷ ° ± § ¥
    (0x2010, 0x2027),  # dashes, quotes, ellipsis
    (0x2030, 0x203B),  # ‰ ′ ″ ※
    (0x2103, 0x2103), (0x2116, 0x2116),  # ℃ №
    (0x2160, 0x216B),  # Ⅰ-Ⅻ
    (0x2190, 0x2193),  # ← ↑ → ↓
    (0x2460, 0x2473),  # ①-⑳
    (0x25A0, 0x25A1), (0x25B2, 0x25B3), (0x25C6, 0x25CF), (0x2605, 0x2606),  # ■□ ▲△ ◆◇○◎● ★☆
    (0x3000, 0x303F),  # CJK punctuation 、。〈〉《》「」【】〔〕〇
    (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6),  # full-width forms ，：；（）！？ ￥
)
_RARELY_PRINTED = (  # GB2312 rows a Chinese certificate hardly ever prints
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x2500, 0x257F),  # box drawing
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
)


_SKIP_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def _needs_glyph(cp: int) -> bool:
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return False
    return unicodedata.category(chr(cp)) not in _SKIP_CATEGORIES


def text_codepoints(text: str) -> frozenset[int]:
    """Code points that need a glyph in ``text`` (HTML: entities are decoded; markup is ASCII anyway)."""
    return frozenset(cp for cp in map(ord, set(html_lib.unescape(text))) if _needs_glyph(cp))


# -- source fonts ---------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFace:
    path: str
    index: int  # face number inside a .ttc collection
    name: str

    @property
    def identity(self) -> str:
        st = os.stat(self.path)
        return f"{self.path}#{self.index}:{st.st_mtime_ns}:{st.st_size}"


def _face_names(path: str) -> list[str]:
    from fontTools.ttLib import TTCollection, TTFont

    if path.lower().endswith((".ttc", ".otc")):
        return [f["name"].getDebugName(1) or "" for f in TTCollection(path, lazy=True).fonts]
    return [TTFont(path, lazy=True)["name"].getDebugName(1) or ""]


@cache
def find_source(style: str = DEFAULT_STYLE, weight: int = 400) -> SourceFace:
    """The Noto CJK SC face for ``style``/``weight``, picked from its .ttc by family name."""
    family, files = STYLES[style]
    filename = files[weight]
    for directory in NOTO_DIRS:
        path = os.path.join(directory, filename)
        if os.path.exists(path):
            names = _face_names(path)
            if family in names:
                return SourceFace(path, names.index(family), family)
    raise FontSourceError(f"{family} ({filename}) not found in {NOTO_DIRS}: apt-get install fonts-noto-cjk")


@cache
def _source_cmap(face: SourceFace) -> frozenset[int]:
    return _cmap_of(face.path, face.index)


def _cmap_of(path: str, index: int = 0) -> frozenset[int]:
    """Code points ``path`` (face ``index``) maps to a glyph: HarfBuzz reads a CJK cmap in a few ms."""
    if _hb():
        try:
            ffi, hb, _ = _hb()
            blob = hb.hb_blob_create_from_file_or_fail(str(path).encode())
            if blob != ffi.NULL:
                face = hb.hb_face_create(blob, index)
                hb.hb_blob_destroy(blob)
                found = hb.hb_set_create()
                try:
                    hb.hb_face_collect_unicodes(face, found)
                    size = hb.hb_set_get_population(found)
                    out = ffi.new("hb_codepoint_t[]", max(size, 1))
                    got = hb.hb_set_next_many(found, 0xFFFFFFFF, out, size)
                    return frozenset(ffi.unpack(out, got))
                finally:
                    hb.hb_set_destroy(found)
                    hb.hb_face_destroy(face)
        except AttributeError:  # HarfBuzz < 4.2: no hb_set_next_many
            pass
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(path), fontNumber=index, lazy=True).getBestCmap())


_HB_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
void hb_blob_destroy (hb_blob_t *blob);
hb_blob_t *hb_blob_create (const char *data, unsigned int length, int mode, void *user_data, void *destroy);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_set_add_sorted_array (hb_set_t *set, const hb_codepoint_t *sorted_codepoints, unsigned int num_codepoints);
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
uint32_t hb_tag_from_string (const char *str, int len);
void hb_set_clear (hb_set_t *set);
hb_set_t *hb_set_create (void);
void hb_set_destroy (hb_set_t *set);
void hb_face_collect_unicodes (hb_face_t *face, hb_set_t *out);
unsigned int hb_set_get_population (const hb_set_t *set);
unsigned int hb_set_next_many (const hb_set_t *set, hb_codepoint_t codepoint, hb_codepoint_t *out, unsigned int size);
"""
_HB_NO_HINTING, _HB_DESUBROUTINIZE, _HB_NOTDEF_OUTLINE = 0x1, 0x4, 0x40
_HB_SUBSET_SETS_DROP_TABLE_TAG, _HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 3, 6
_HB_MEMORY_MODE_DUPLICATE = 0


@cache
def _hb():
    """(ffi, libharfbuzz, libharfbuzz-subset) or None: HarfBuzz subsets a CJK face in ~1 s, fontTools in ~25 s."""
    if os.environ.get("DOCUMENTS_FONT_SUBSETTER") == "fonttools":
        return None
    try:
        from cffi import FFI

        ffi = FFI()
        ffi.cdef(_HB_CDEF)
        hb = ffi.dlopen("libharfbuzz.so.0")
        hb_subset = ffi.dlopen("libharfbuzz-subset.so.0")
        hb.hb_blob_create_from_file_or_fail  # noqa: B018 -- HarfBuzz >= 2.8.2
        return ffi, hb, hb_subset
    except (ImportError, OSError, AttributeError):
        return None


def _subset_bytes_harfbuzz(face: SourceFace, unicodes, data: bytes | None = None) -> bytes | None:
    """HarfBuzz subset of ``face`` (or of the font file ``data``) to ``unicodes``; None if it fails."""
    ffi, hb, hbs = _hb()
    if data is None:
        blob = hb.hb_blob_create_from_file_or_fail(face.path.encode())
    else:
        blob = hb.hb_blob_create(data, len(data), _HB_MEMORY_MODE_DUPLICATE, ffi.NULL, ffi.NULL)
    if blob == ffi.NULL:
        return None
    hb_face = hb.hb_face_create(blob, face.index if data is None else 0)
    hb.hb_blob_destroy(blob)
    subset_input = hbs.hb_subset_input_create_or_fail()
    try:
        cps = sorted(unicodes)
        hb.hb_set_add_sorted_array(
            hbs.hb_subset_input_unicode_set(subset_input), ffi.new("hb_codepoint_t[]", cps), len(cps))
        hbs.hb_subset_input_set_flags(subset_input, _HB_NO_HINTING | _HB_DESUBROUTINIZE | _HB_NOTDEF_OUTLINE)
        for set_type, names in ((_HB_SUBSET_SETS_DROP_TABLE_TAG, DROP_TABLES),
                                (_HB_SUBSET_SETS_LAYOUT_FEATURE_TAG, LAYOUT_FEATURES)):
            tags = sorted(hb.hb_tag_from_string(name.encode(), -1) for name in names)
            tag_set = hbs.hb_subset_input_set(subset_input, set_type)
            hb.hb_set_clear(tag_set)
            hb.hb_set_add_sorted_array(tag_set, ffi.new("hb_codepoint_t[]", tags), len(tags))
        result = hbs.hb_subset_or_fail(hb_face, subset_input)
        if result == ffi.NULL:
            return None
        out_blob = hb.hb_face_reference_blob(result)
        length = ffi.new("unsigned int *")
        data = bytes(ffi.buffer(hb.hb_blob_get_data(out_blob, length), length[0]))
        hb.hb_blob_destroy(out_blob)
        hb.hb_face_destroy(result)
        return data or None
    finally:
        hbs.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(hb_face)


def _subset_bytes_fonttools(face: SourceFace, unicodes) -> bytes:
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False  # PDF viewers do not use CFF hints; smaller files
    options.notdef_outline = True
    options.layout_features = list(LAYOUT_FEATURES)
    options.drop_tables += list(DROP_TABLES)
    font = TTFont(face.path, fontNumber=face.index, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _subset(face: SourceFace, unicodes, out_path: Path, rank=None) -> None:
    """Write a subset of ``face`` with ``unicodes`` to ``out_path`` (atomic rename: safe across processes).

    ``rank``: optional sort key on code points for the glyph order (see :func:`_finish_cff`).
    """
    unicodes = frozenset(unicodes) | (SPACES & _source_cmap(face))
    data = _subset_bytes_harfbuzz(face, unicodes) if _hb() else None
    if data is None:
        data = _subset_bytes_fonttools(face, unicodes)
        stats["subset_fonttools"] += 1
    else:
        stats["subset_harfbuzz"] += 1
        if rank is not None:  # a common font: worth a second pass without other languages' glyphs
            pruned = _without_other_languages(data)
            if pruned is not None:
                data = _subset_bytes_harfbuzz(face, unicodes, pruned) or data
    data = _finish_cff(data, rank)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=".tmp-", suffix=out_path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _without_other_languages(data: bytes) -> bytes | None:
    """``data`` with only the default and Simplified Chinese language systems in GSUB/GPOS (or None).

    The first subset keeps every glyph that ``locl`` reaches for Japanese, Korean and Traditional
    Chinese text too: ~3000 glyphs (38%) our documents never show -- they are ``lang="zh-CN"``, and
    Pango shapes their Latin runs with the default language system. Subsetting this again drops
    them, and WeasyPrint's per-document subsetting is faster on a smaller font.
    """
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    changed = False
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        for record in font[tag].table.ScriptList.ScriptRecord:
            kept = [lang for lang in record.Script.LangSysRecord if lang.LangSysTag.strip() in _SHAPING_LANGUAGES]
            if len(kept) != len(record.Script.LangSysRecord):
                record.Script.LangSysRecord, record.Script.LangSysCount = kept, len(kept)
                changed = True
    if not changed:
        return None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _finish_cff(data: bytes, rank=None) -> bytes:
    """Give a CID-keyed CFF font an identity charset (CID == glyph id), its glyphs sorted by ``rank``.

    WeasyPrint shows text with ``Identity-H`` codes that are the glyph ids HarfBuzz shaped with and
    embeds the font as ``FontFile3 /OpenType``. For a CID-keyed CFF, Acrobat and Preview find the
    glyph of a code through the CFF charset (code = CID), poppler and PDFium take the code as the
    glyph id: the two agree only when every glyph's CID is its glyph id. A subset keeps the
    source's CIDs (王 is glyph 6937 but CID 26208), so we renumber them. Fonts that are not
    CID-keyed CFF (TrueType fallbacks) are returned unchanged.

    ``rank`` (code point -> sort key) reorders the glyphs: a glyph sorts by its best-ranked code
    point -- or, for a glyph that Chinese or Latin text reaches through a substitution (``locl``
    digits, ``liga``), by that of its source characters -- other glyphs last, ``.notdef`` stays
    glyph 0. cmap, hmtx, GSUB and GPOS follow by glyph name, GPOS coverage tables are re-sorted
    (:func:`_sort_gpos`), the CFF gets the identity names. Nothing is redrawn or re-encoded. A font
    with layout tables we cannot re-sort keeps its glyph order.
    """
    import io

    from fontTools.ttLib import TTFont

    # Without reordering only the CFF table changes; the others are copied as they are.
    font = TTFont(io.BytesIO(data), lazy=False if rank is not None else None,
                  recalcBBoxes=False, recalcTimestamp=False)
    if "CFF " not in font:
        return data
    top = font["CFF "].cff.topDictIndex[0]
    if not hasattr(top, "ROS"):  # name-keyed CFF: glyphs are looked up by glyph id
        return data
    if rank is not None:
        font.ensureDecompiled()  # every table, while the glyph names still mean the old glyph ids
    old_order = font.getGlyphOrder()
    # The variation-sequence cmap (format 14: a handful of U+FE00/FE01 sequences in Noto CJK) makes
    # HarfBuzz's subsetter -- WeasyPrint's, for every document -- ~1.2 ms slower per font.
    # Documents have no variation selectors; without the table one would show the base glyph.
    uvs = [table for table in font["cmap"].tables if table.format == 14]
    if uvs:
        font["cmap"].tables = [table for table in font["cmap"].tables if table.format != 14]
    count = len(old_order)
    unchanged = list(range(count))
    perm = unchanged  # new glyph id -> old glyph id
    if rank is not None and _reorderable(font):
        best: dict[str, tuple] = {}
        for cp, name in font.getBestCmap().items():
            key = rank(cp)
            if name not in best or key < best[name]:
                best[name] = key
        _propagate_ranks(font, best)
        last = (float("inf"),)
        perm = [0] + sorted(range(1, count), key=lambda gid: (best.get(old_order[gid], last), gid))
    identity = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, count)]
    if perm == unchanged and list(top.charset) == identity and not uvs:
        return data
    charstrings = top.CharStrings
    if charstrings.charStringsAreIndexed:
        index = charstrings.charStringsIndex
        items = [index[i] for i in range(len(index))]  # loads every charstring from the file
        index.items = [items[old] for old in perm]
        del index.file, index.offsets
        charstrings.charStrings = {name: gid for gid, name in enumerate(identity)}
    else:
        by_gid = [charstrings.charStrings[name] for name in top.charset]
        charstrings.charStrings = {identity[gid]: by_gid[old] for gid, old in enumerate(perm)}
    if hasattr(top, "FDSelect"):
        select = top.FDSelect
        select.gidArray = [select.gidArray[old] for old in perm]
        select.format = None  # let fontTools pick the smallest encoding
    top.charset = identity
    top.numGlyphs = count
    if perm != unchanged:
        font.setGlyphOrder([old_order[old] for old in perm])  # the other tables keep the old names
    if perm != unchanged and "GPOS" in font:
        _sort_gpos(font)  # GSUB subtables are glyph -> glyph dicts: fontTools sorts them when compiling
    out = io.BytesIO()
    font.save(out)
    stats["cff_finished"] += 1
    return out.getvalue()


#: OpenType language systems whose substitutions decide which glyphs our documents use: the
#: default one of each script (Pango shapes Latin runs with an English/default language) and
#: Simplified Chinese (``lang="zh-CN"``).
_SHAPING_LANGUAGES = ("ZHS",)


def _layout_subtables(font, tag):
    """(lookup index, lookup type, subtable) of a GSUB/GPOS table, extension subtables unwrapped."""
    extension = 7 if tag == "GSUB" else 9
    for index, lookup in enumerate(font[tag].table.LookupList.Lookup):
        for sub in lookup.SubTable:
            if lookup.LookupType == extension:
                yield index, sub.ExtensionLookupType, sub.ExtSubTable
            else:
                yield index, lookup.LookupType, sub


def _reorderable(font) -> bool:
    """Can :func:`_finish_cff` reorder this font's glyphs and keep its layout tables valid?"""
    if any(tag in font for tag in ("BASE", "JSTF", "MATH")):
        return False
    if "GDEF" in font:
        gdef = font["GDEF"].table
        if any(getattr(gdef, name, None) for name in ("AttachList", "LigCaretList", "MarkGlyphSetsDef")):
            return False
    if "GSUB" in font and any(kind not in (1, 2, 3, 4) for _, kind, _ in _layout_subtables(font, "GSUB")):
        return False  # contextual substitutions index records by coverage: not handled
    return "GPOS" not in font or all(kind in (1, 2) for _, kind, _ in _layout_subtables(font, "GPOS"))


def _propagate_ranks(font, best: dict) -> None:
    """Give the glyphs that default shaping substitutes in the rank of the glyphs they replace."""
    if "GSUB" not in font:
        return
    table = font["GSUB"].table
    lookups = set()
    for record in table.ScriptList.ScriptRecord:
        systems = [record.Script.DefaultLangSys]
        systems += [lang.LangSys for lang in record.Script.LangSysRecord
                    if lang.LangSysTag.strip() in _SHAPING_LANGUAGES]
        for system in filter(None, systems):
            for feature in system.FeatureIndex:
                lookups.update(table.FeatureList.FeatureRecord[feature].Feature.LookupListIndex)
    last = (float("inf"),)
    changed = True
    while changed:
        changed = False
        for index, kind, sub in _layout_subtables(font, "GSUB"):
            if index not in lookups:
                continue
            if kind == 1:
                pairs = [(best.get(src, last), dst) for src, dst in sub.mapping.items()]
            elif kind in (2, 3):
                mapping = sub.mapping if kind == 2 else sub.alternates
                pairs = [(best.get(src, last), dst) for src, dsts in mapping.items() for dst in dsts]
            else:
                pairs = [(max(best.get(g, last) for g in (first, *ligature.Component)), ligature.LigGlyph)
                         for first, ligatures in sub.ligatures.items() for ligature in ligatures]
            for key, dst in pairs:
                if key < best.get(dst, last):
                    best[dst] = key
                    changed = True


def _sort_gpos(font) -> None:
    """Re-sort GPOS coverage tables (and the records they index) by the new glyph ids.

    OpenType requires coverage tables sorted by glyph id (HarfBuzz binary-searches them); after
    :func:`_finish_cff` reorders the glyphs they are not. Handles single and pair adjustment, all
    that :func:`_reorderable` lets through (and all the Noto CJK GPOS has: kerning).
    """
    gid = font.getReverseGlyphMap()
    for _, kind, sub in _layout_subtables(font, "GPOS"):
        new = sorted(range(len(sub.Coverage.glyphs)), key=lambda i: gid[sub.Coverage.glyphs[i]])
        if kind == 1 and sub.Format == 2:
            sub.Value = [sub.Value[i] for i in new]
        elif kind == 2 and sub.Format == 1:
            sub.PairSet = [sub.PairSet[i] for i in new]
            for pair_set in sub.PairSet:
                pair_set.PairValueRecord.sort(key=lambda record: gid[record.SecondGlyph])
        sub.Coverage.glyphs = [sub.Coverage.glyphs[i] for i in new]


def _font_cmap(path: Path) -> frozenset[int]:
    return _cmap_of(str(path))


def _digest(*parts) -> str:
    return hashlib.sha1("\0".join(map(str, parts)).encode()).hexdigest()[:12]


def _suffix(face: SourceFace) -> str:
    from fontTools.ttLib import TTFont

    if face.path.lower().endswith((".ttc", ".otc")):
        with open(face.path, "rb") as fh:
            fh.seek(12 + 4 * face.index)
            offset = int.from_bytes(fh.read(4), "big")
            fh.seek(offset)
            return ".otf" if fh.read(4) == b"OTTO" else ".ttf"
    return ".otf" if TTFont(face.path, lazy=True).sfntVersion == "OTTO" else ".ttf"


# -- common fonts ----------------------------------------------------------------------


@dataclass
class CommonFonts:
    style: str
    files: dict[int, Path]  # weight -> DocCommon file (ASCII, punctuation, symbols, level-1 hanzi)
    level2_files: dict[int, Path]  # weight -> DocCommonL2 file (level-2 hanzi)
    covered: frozenset[int]  # code points the common fonts have glyphs for (in every weight)
    level2: frozenset[int]  # the part of ``covered`` served by DocCommonL2
    key: str


#: The common fonts: (family, file-name part, repertoire).
COMMON_PARTS = (
    (COMMON_FAMILY, "l1", frequent_repertoire),
    (LEVEL2_FAMILY, "l2", level2_chars),
)

_common: dict[str, CommonFonts] = {}


def common_fonts(style: str = DEFAULT_STYLE) -> CommonFonts:
    """The common subset fonts for ``style`` (two parts, regular and bold), built on first use, cached on disk."""
    fonts = _common.get(style)
    if fonts is not None:
        return fonts
    with _lock:
        if style in _common:
            return _common[style]
        files: dict[str, dict[int, Path]] = {}
        keys, built = [], False
        for _family, part, repertoire in COMMON_PARTS:
            files[part] = {}
            for weight in STYLES[style][1]:
                face = find_source(style, weight)
                key = _digest(BUILD_VERSION, face.identity, part, _digest(*sorted(repertoire())), _order_recipe())
                path = FONT_DIR / f"doccommon-{style}-{part}-{weight}-{key}{_suffix(face)}"
                if path.exists():
                    stats["common_loaded"] += 1
                else:
                    _subset(face, repertoire(), path, rank=glyph_rank)
                    stats["common_built"] += 1
                    built = True
                files[part][weight] = path
                keys.append(key)
        if built:
            _remove_stale(f"doccommon-{style}-", keep={p for by_weight in files.values() for p in by_weight.values()})
        covered_by = {}
        for part, by_weight in files.items():
            covered_by[part] = frozenset.intersection(*(_font_cmap(path) for path in by_weight.values()))
        level2 = covered_by["l2"] - covered_by["l1"]
        fonts = CommonFonts(style, files["l1"], files["l2"], covered_by["l1"] | level2, level2, _digest(*keys))
        _common[style] = fonts
        return fonts


def _remove_stale(prefix: str, keep: set[Path]) -> None:
    """Delete common fonts built from an older source/recipe (and the extra fonts keyed on them)."""
    if not FONT_DIR.exists():
        return
    for old in FONT_DIR.glob(prefix + "*"):
        if old not in keep:
            old.unlink(missing_ok=True)
            shutil.rmtree(FONT_DIR / "extra", ignore_errors=True)


# -- per-document plans ----------------------------------------------------------------


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int | None  # None: any weight


@dataclass(frozen=True)
class FontPlan:
    """The fonts one document needs."""

    style: str
    key: str  # stable id of this set of faces (used to cache parsed CSS)
    faces: tuple[FontFace, ...]
    families: tuple[str, ...]  # CSS font-family stack, most preferred first
    extra_chars: str = ""  # characters served by the extra / fallback fonts
    missing: str = ""  # characters no installed font can show
    built: bool = field(default=False, compare=False)  # did this call build a font file?

    @property
    def font_family(self) -> str:
        return ", ".join(f'"{f}"' for f in self.families)

    def font_face_css(self) -> str:
        rules = []
        for face in self.faces:
            weight = f" font-weight: {face.weight};" if face.weight else ""
            rules.append(
                f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.as_uri()}");{weight} }}')
        return "\n".join(rules)


_plans: dict[tuple[str, str, frozenset[int], bool], FontPlan] = {}
_fallback_face: dict[int, SourceFace | None] = {}
_MAX_PLANS = 1024


def plan_for_text(text: str, style: str = DEFAULT_STYLE) -> FontPlan:
    """Fonts for a document whose text (or HTML source) is ``text``; builds extra subsets as needed."""
    common = common_fonts(style)
    codepoints = text_codepoints(text)
    extra = codepoints - common.covered
    level2 = not codepoints.isdisjoint(common.level2)
    cache_key = (style, common.key, extra, level2)
    plan = _plans.get(cache_key)
    if plan is not None:
        stats["plan_memory_hit"] += 1
        return plan
    with _lock:
        plan = _plans.get(cache_key)
        if plan is None:
            plan = _build_plan(common, extra, level2)
            if len(_plans) >= _MAX_PLANS:
                _plans.clear()
            _plans[cache_key] = plan
        else:
            stats["plan_memory_hit"] += 1
        return plan


def _build_plan(common: CommonFonts, extra: frozenset[int], level2: bool) -> FontPlan:
    faces = [FontFace(COMMON_FAMILY, path, weight) for weight, path in sorted(common.files.items())]
    families = [COMMON_FAMILY]
    if level2:  # only then: a family in the stack costs Pango a little even when no character uses it
        faces += [FontFace(LEVEL2_FAMILY, path, weight) for weight, path in sorted(common.level2_files.items())]
        families.append(LEVEL2_FAMILY)
    built = False
    missing = set()
    if extra:
        tag = _digest(common.key, *sorted(extra))
        in_cjk = {cp for cp in extra if cp in _source_cmap(find_source(common.style, 400))}
        if in_cjk:
            family = f"DocExtra-{tag}"
            for weight in sorted(common.files):
                face = find_source(common.style, weight)
                path = FONT_DIR / "extra" / f"docextra-{tag}-{weight}{_suffix(face)}"
                built |= _ensure_subset(face, in_cjk, path)
                faces.append(FontFace(family, path, weight))
            families.append(family)
        # Characters the CJK face lacks: any other installed font that has them.
        by_source: dict[SourceFace, set[int]] = {}
        for cp in sorted(extra - in_cjk):
            face = _fallback_for(cp)
            if face is None:
                missing.add(cp)
            else:
                by_source.setdefault(face, set()).add(cp)
        for i, (face, cps) in enumerate(sorted(by_source.items(), key=lambda item: (item[0].path, item[0].index))):
            family = f"DocFallback-{tag}-{i}"
            digest = _digest(BUILD_VERSION, _order_recipe(), face.identity, *sorted(cps))
            path = FONT_DIR / "extra" / f"docfallback-{digest}{_suffix(face)}"
            built |= _ensure_subset(face, cps, path)
            faces.append(FontFace(family, path, None))
            families.append(family)
    key = _digest(*(f"{f.family}:{f.path}:{f.weight}" for f in faces))
    return FontPlan(
        style=common.style, key=key, faces=tuple(faces), families=tuple(families),
        extra_chars="".join(chr(cp) for cp in sorted(extra - missing)),
        missing="".join(chr(cp) for cp in sorted(missing)), built=built)


def _ensure_subset(face: SourceFace, cps, path: Path) -> bool:
    if path.exists():
        stats["extra_disk_hit"] += 1
        return False
    _subset(face, cps, path)
    stats["extra_built"] += 1
    return True


def _fallback_for(cp: int) -> SourceFace | None:
    """An installed font (other than the CJK SC face) with a glyph for ``cp``, via fontconfig."""
    if cp in _fallback_face:
        return _fallback_face[cp]
    stats["fallback_lookups"] += 1
    found = None
    fc_list = shutil.which("fc-list")
    if fc_list:
        out = subprocess.run(
            [fc_list, "--format", "%{file}\t%{index}\t%{family[0]}\n", f":charset={cp:x}"],
            capture_output=True, text=True, timeout=30, check=False).stdout
        candidates = []
        for line in out.splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[0].lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
                path, index, family = parts
                # Prefer Noto, then regular faces, for a stable choice.
                rank = (0 if "Noto" in family else 1, 0 if "Regular" in path or "-" not in Path(path).stem else 1, path)
                candidates.append((rank, SourceFace(path, int(index or 0), family)))
        for _, face in sorted(candidates, key=lambda c: c[0]):
            if cp in _source_cmap(face):  # trust the cmap, not only fontconfig's charset
                found = face
                break
    _fallback_face[cp] = found
    return found


def warm_up(style: str = DEFAULT_STYLE) -> None:
    """Load now what the first documents would: the common fonts, and what the CJK face covers."""
    common_fonts(style)
    _source_cmap(find_source(style, 400))


def reset_memory_caches() -> None:
    """Forget in-memory state (tests): fonts on disk stay."""
    with _lock:
        _common.clear()
        _plans.clear()
        _fallback_face.clear()

"""Which characters the common fonts hold, and in what order their glyphs go.

``DocCommon`` holds :func:`frequent_repertoire` (ASCII, punctuation, symbols, GB2312 level-1 hanzi),
``DocCommonL2`` the GB2312 level-2 hanzi (:func:`level2_chars`). Glyphs are ordered by
:func:`glyph_rank` because WeasyPrint's per-document subsetting costs grow with the highest glyph id a
document uses (see the package docstring): characters a document most likely has come first.
"""
from __future__ import annotations

import html as html_lib
import unicodedata
from functools import cache


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
#: early uses only low glyph ids, which WeasyPrint subsets fastest (see the package docstring).
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
def _frequency_rank() -> dict[int, int]:
    return {ord(c): i for i, c in enumerate(FREQUENT_HANZI)}


def glyph_rank(cp: int) -> tuple[int, int]:
    """Sort key for the glyphs of the common fonts: likely characters first (see the package docstring)."""
    if cp < 0x80:
        return (0, cp)
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
        rank = _frequency_rank().get(cp)
        if rank is not None:
            return (2, rank)
        row = _gb2312_row(cp)
        return (3, (row << 16 | cp) if row else 0xFF0000 | cp)  # GB2312 order: by pinyin within a level
    if any(lo <= cp <= hi for lo, hi in OFTEN_PRINTED):
        return (1, cp)
    if any(lo <= cp <= hi for lo, hi in RARELY_PRINTED):
        return (5, cp)
    return (4, cp)


OFTEN_PRINTED = (  # punctuation and symbols a Chinese document commonly has
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
RARELY_PRINTED = (  # GB2312 rows a Chinese certificate hardly ever prints
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

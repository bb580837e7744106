-- Every data-quality check, its level and severity, and the reason text stewards see.
-- Blocking: the row (or file) is kept out of the warehouse. See expectations/README.md.
select *
from (
    values
    ('missing_column', 'file', 'blocking', '缺少必需列 a required column is missing'),
    (
        'manifest_mismatch',
        'file',
        'blocking',
        '与 _manifest.json 行数或哈希不符 rows or sha256 differ from the manifest'
    ),
    ('manifest_unreadable', 'file', 'blocking', '_manifest.json 无法解析 manifest is not valid JSON'),
    ('empty_file', 'file', 'blocking', '空文件 empty file (not even a header line)'),
    ('undecodable', 'file', 'blocking', '编码无法识别 not UTF-8 or GB18030'),
    ('unreadable_csv', 'file', 'blocking', 'CSV 无法解析 not a readable CSV'),
    ('required_value', 'row', 'blocking', '必填字段为空 a required value is empty'),
    ('id_checksum', 'row', 'blocking', '身份证号校验失败 ID number fails the GB 11643 checksum'),
    ('month_mismatch', 'row', 'blocking', '统计月份与目录月份不符 统计月份 differs from the folder month'),
    ('region_code_format', 'row', 'blocking', '区划代码不是12位数字 region code is not 12 digits'),
    ('enum_value', 'row', 'blocking', '取值不在允许范围 value outside the allowed list'),
    ('amount_format', 'row', 'blocking', '金额格式错误 amount is not yuan with up to 2 decimals'),
    ('negative_amount', 'row', 'blocking', '金额为负 negative amount'),
    (
        'oop_balance',
        'row',
        'blocking',
        '个人自付不等于总费用减各项支付 OOP differs from total minus payers by more than 0.01'
    ),
    ('date_format', 'row', 'blocking', '日期格式错误 date is not YYYY-MM-DD'),
    (
        'date_outside_month',
        'row',
        'blocking',
        '结算日期不在目录月份内 settlement date outside the folder month'
    ),
    (
        'duplicate_settlement_id',
        'row',
        'blocking',
        '结算编号重复 settlement id repeated (newest delivery, first row kept)'
    ),
    (
        'duplicate_person_month',
        'row',
        'blocking',
        '同一人当月重复出现 person listed twice in the month (first row kept)'
    ),
    ('duplicate_household', 'row', 'blocking', '户编号在同月重复 household listed twice in the month'),
    (
        'member_household_missing',
        'row',
        'blocking',
        '成员所在户不在当月户表 member household not in households.csv of the month'
    ),
    (
        'duplicate_roster_membership',
        'row',
        'blocking',
        '同一人当月属于多个户 person on more than one roster household in the month'
    ),
    (
        'no_reference',
        'household',
        'warning',
        '无参考标准 no reference row for the county/province and year: rules not evaluated'
    )
) as catalog (check_name, check_level, severity, description)  -- noqa: AL05

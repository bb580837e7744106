-- The nine rules of monitoring-rules.md with their severities and score weights.
select *
from (
    values
    ('INCOME_BELOW_DIBAO', '应保未保', 'high', 4, 40),
    ('INCOME_NEAR_DIBAO', '低保边缘', 'medium', 3, 20),
    ('INCOME_BELOW_MONITORING_LINE', '低于监测线', 'high', 4, 40),
    ('INCOME_DROP', '收入骤减', 'medium', 3, 20),
    ('MEDICAL_SPIKE', '医疗支出骤增', 'medium', 3, 20),
    ('MEDICAL_CATASTROPHIC', '因病致贫风险', 'high', 4, 40),
    ('EXPENDITURE_HARDSHIP', '支出型困难', 'high', 4, 40),
    ('NEW_UNEMPLOYMENT', '新增失业', 'low', 2, 10),
    ('DIBAO_EXIT_REVIEW', '渐退复核', 'info', 1, 5)
) as catalog (rule_code, rule_name_zh, severity, severity_rank, score_weight)  -- noqa: AL05

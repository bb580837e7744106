"""Stand-ins for the dbt cross-database macros the models use (sqlfluff lint only)."""


def listagg(measure, delimiter_and_type=",", order_by_clause=None, limit_num=None):
    order = f" {order_by_clause}" if order_by_clause else ""
    return f"string_agg({measure}, {delimiter_and_type}{order})"

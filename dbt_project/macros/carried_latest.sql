{#- A whole table holding, per key, the best row any month has (best: `order_by`, which puts
    later months first), built from the table the previous build left and the run's window
    only, so a month costs what its rows cost, not what history holds.

    `rows`: SQL for every row of every month (with the DATE column `month_column`, or with
    text=true the 'YYYY-MM' text column `month_column`, also in `columns`); the window's
    filter is pushed into it, so only the window's months are read. A stored row from a month
    outside the window stands (that month did not change) and competes with the window's best.
    A stored row from a window month is replaced by the window's best for its key, unless the
    window no longer has a row as good (`still_good`, over the aliases `stored` and `fresh`;
    e.g. a corrected re-delivery dropped the person): then the best row of the months outside
    the window is looked up, the only read of history, and only for those keys. A full
    refresh (or the first build) starts from nothing. Output: `columns`, one row per key. -#}
{% macro carried_latest(
    rows, key, columns, order_by, still_good='true', month_column='month_start', text=false
) -%}
    {%- set previous = load_relation(this) if execute and not flags.FULL_REFRESH else none -%}
    {%- set listed = columns | join(', ') -%}
    {%- set pieces = [] -%}

    {%- set piece_sql -%}
        {{ best_per_key('select * from (' ~ rows ~ ') as window_rows where '
            ~ in_run('window_rows.' ~ month_column, text=text), key, columns, order_by) }}
    {%- endset -%}
    {%- do pieces.append(['fresh', piece_sql, true]) -%}

    {%- set piece_sql -%}
        select {{ listed }} from {{ previous if previous is not none else 'fresh' }}
        {%- if previous is none %} where false{% endif %}
    {%- endset -%}
    {%- do pieces.append(['stored', piece_sql, true]) -%}

    {%- set piece_sql -%}
        select stored.{{ key }}
        from stored
        left join fresh on stored.{{ key }} = fresh.{{ key }}
        where
            {{ in_run('stored.' ~ month_column, text=text) }}
            and (fresh.{{ key }} is null or not ({{ still_good }}))
    {%- endset -%}
    {%- do pieces.append(['looked_up', piece_sql, true]) -%}

    {%- set piece_sql -%}
        {{ best_per_key('select * from (' ~ rows ~ ') as outside_rows where not '
            ~ in_run('outside_rows.' ~ month_column, text=text) ~ ' and outside_rows.' ~ key
            ~ ' in (select ' ~ key ~ ' from looked_up)', key, columns, order_by) }}
    {%- endset -%}
    {%- do pieces.append(['recovered', piece_sql, false]) -%}

    {%- set candidates -%}
        select {{ listed }} from fresh
        union all
        select {{ listed }} from stored where not {{ in_run('stored.' ~ month_column, text=text) }}
        union all
        select {{ listed }} from recovered
    {%- endset -%}
    {{ chained_steps(pieces, best_per_key(candidates, key, columns, order_by)) }}
{%- endmacro %}

{#- The first row per key by `order_by`, with only `columns`. -#}
{% macro best_per_key(rows, key, columns, order_by) -%}
    select {{ columns | join(', ') }}
    from (
        select
            ranked_rows.*,
            row_number() over (partition by {{ key }} order by {{ order_by }}) as key_rank
        from ({{ rows }}) as ranked_rows
    ) as best_rows
    where key_rank = 1
{%- endmacro %}

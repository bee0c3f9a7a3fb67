/** One day's counters for one breakdown key; `dim = 'all', key = 'all'` is the total. */
export interface AnalyticsDailyTable {
  day: string;
  dim: string;
  key: string;
  orders_closed: number;
  orders_delivered: number;
  orders_full: number;
  orders_perfect: number;
  orders_error_return: number;
  lines_shipped: number;
  lines_error: number;
  control_orders: number;
  control_repeat: number;
  incidents: number;
  incidents_caught: number;
  incidents_escalated: number;
  repeat_base: number;
  repeat_hits: number;
  surveys_sent: number;
  surveys_answered: number;
  score_count: number;
  score_sum: number;
  score_top: number;
  /** JSON: sorted durations in ms */
  resolution_ms: string;
  notify_ms: string;
  refund_ms: string;
}

export interface AnalyticsDailyCostsTable {
  day: string;
  dim: string;
  key: string;
  party: string;
  kind: string;
  currency: string;
  amount: number;
  entries: number;
}

export interface AnalyticsStateTable {
  name: string;
  value: string;
}

export interface AnalyticsDimMemoryTable {
  /** product_supplier | customer_tier */
  kind: string;
  id: string;
  value: string;
}

/** What one order (`order:<id>`) or incident (`incident:<id>`) last added to the aggregates. */
export interface AnalyticsFactsTable {
  entity: string;
  /** JSON: a partial `Facts` */
  facts: string;
}

export interface CorrectiveActionsTable {
  id: string;
  kind: string;
  target_kind: string;
  target_id: string;
  title: string;
  description: string | null;
  root_cause: string | null;
  owner: string;
  due_at: string;
  /** open | in_progress | done | cancelled */
  status: string;
  started_at: string | null;
  done_at: string | null;
  cancelled_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface AnalyticsTables {
  analytics_daily: AnalyticsDailyTable;
  analytics_daily_costs: AnalyticsDailyCostsTable;
  analytics_state: AnalyticsStateTable;
  analytics_dim_memory: AnalyticsDimMemoryTable;
  analytics_facts: AnalyticsFactsTable;
  corrective_actions: CorrectiveActionsTable;
}

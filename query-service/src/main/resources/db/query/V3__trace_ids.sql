-- The trace of the command that produced each event (W3C trace id, 32 hex digits), to open it in the trace UI.
-- Null for events that travelled without a traceparent header. A parked event keeps its own until it is applied.
ALTER TABLE order_history ADD COLUMN trace_id varchar(32);
ALTER TABLE parked_events ADD COLUMN trace_id varchar(32);

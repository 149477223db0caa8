# The pipes-conformance driver for the R package dagsterpipes (joekirincic/dagsterpipes):
#   R_LIBS=<dir holding the installed package> Rscript drivers/r/dagsterpipes-driver.R
# (see drivers/r/README.md for how the package is installed and the exact suite command).
#
# Driven mode (docs/DRIVERS.md): the actions in extras.pipes_conformance
# ({"version": 1, "case": ..., "actions": [...]}) run in order through the package's exported API
# inside one with_dagster_pipes(function(ctx) ...) session:
#   log                           ctx$log(message, level)
#   report_asset_materialization  ctx$report_asset_materialization(metadata, asset_key, data_version)
#   report_asset_check            ctx$report_asset_check(check_name, passed, asset_key, severity, metadata)
#                                 (severity omitted when the action has none: the package default)
#   report_custom_message         ctx$report_custom_message(payload)
#   get_extra                     a custom message list(pipes_conformance_extra = ctx$get_extra(key))
#   report_context                a custom message list(pipes_conformance_context = <ten fields>)
#   raise                         stop(message); with_dagster_pipes reports it on `closed` and re-raises
# Typed metadata goes through pipes_metadata_value(raw_value, type); an __infer__ entry is passed
# as the bare raw value (the package wraps it as __infer__ itself).
#
# The package has no code_version_by_asset_key / provenance_by_asset_key accessors: its
# `code_version` and `provenance` active bindings return those whole maps, so report_context
# reads them there. A field whose accessor raises is reported as NULL (JSON null).
#
# Observed mode (no pipes_conformance in the extras; also the package's NullPipesContext when
# not launched by Pipes): log one line, materialize every asset of the context once, send one
# custom message.
#
# Exit status: 0 after the last action; 1 when an action raised (Rscript prints the re-raised
# error); 3 for an unsupported op or version (`pipes_conformance: unsupported ...` on stderr).

suppressPackageStartupMessages(library(dagsterpipes))

DRIVER_PROTOCOL_VERSION <- 1
SUPPORTED_OPS <- c(
  "log", "report_asset_materialization", "report_asset_check", "report_custom_message",
  "get_extra", "report_context", "raise"
)

unsupported_condition <- function(text) {
  structure(class = c("pipes_conformance_unsupported", "error", "condition"),
            list(message = text, call = NULL))
}
unsupported <- function(text) stop(unsupported_condition(text))

is_object <- function(x) is.list(x) && !is.null(names(x))
has_key <- function(x, key) is_object(x) && key %in% names(x)
describe <- function(value) {
  if (is.character(value) && length(value) == 1L) value
  else as.character(jsonlite::toJSON(value, auto_unbox = TRUE, null = "null"))
}

# Wire-form metadata -> package arguments. NULL stays NULL. Elements are assigned with `[<-` and
# list(...) so that a JSON null raw value is kept, not dropped.
metadata_from_wire <- function(wire) {
  if (!is_object(wire)) return(wire)
  result <- wire
  for (i in seq_along(wire)) {
    entry <- wire[[i]]
    if (has_key(entry, "type") && has_key(entry, "raw_value")) {
      if (identical(entry[["type"]], "__infer__")) {
        result[i] <- list(entry[["raw_value"]])
      } else {
        result[i] <- list(pipes_metadata_value(entry[["raw_value"]], entry[["type"]]))
      }
    }
  }
  result
}

driven_actions <- function(script) {
  version <- if (is_object(script)) script[["version"]] else script
  if (!is.numeric(version) || length(version) != 1L || version != DRIVER_PROTOCOL_VERSION) {
    unsupported(paste("unsupported version", describe(version)))
  }
  actions <- script[["actions"]]
  if (!is.list(actions) || (length(actions) > 0L && !is.null(names(actions)))) {
    unsupported("unsupported actions (not a list)")
  }
  for (action in actions) {
    op <- if (is_object(action)) action[["op"]] else action
    if (!is.character(op) || length(op) != 1L || !(op %in% SUPPORTED_OPS)) {
      unsupported(paste("unsupported op", describe(op)))
    }
  }
  actions
}

observed_actions <- function(ctx) {
  actions <- list(list(op = "log", message = "dagsterpipes driver: observed mode", level = "INFO"))
  keys <- tryCatch(ctx$asset_keys, error = function(e) list())
  for (key in keys) {
    actions[[length(actions) + 1L]] <- list(
      op = "report_asset_materialization", asset_key = key, data_version = NULL,
      metadata = list(driver = list(raw_value = "dagsterpipes", type = "text"))
    )
  }
  actions[[length(actions) + 1L]] <- list(op = "report_custom_message", payload = list(observed = TRUE))
  actions
}

# The ten context fields as the package's accessors return them; NULL where one raises.
context_snapshot <- function(ctx) {
  readers <- list(
    asset_keys = function() ctx$asset_keys,
    code_version_by_asset_key = function() ctx$code_version,
    provenance_by_asset_key = function() ctx$provenance,
    partition_key = function() ctx$partition_key,
    partition_key_range = function() ctx$partition_key_range,
    partition_time_window = function() ctx$partition_time_window,
    run_id = function() ctx$run_id,
    job_name = function() ctx$job_name,
    retry_number = function() ctx$retry_number,
    extras = function() ctx$extras
  )
  snapshot <- list()
  for (field in names(readers)) {
    value <- tryCatch(readers[[field]](), error = function(e) NULL)
    snapshot[field] <- list(value)
  }
  snapshot
}

run_action <- function(ctx, action) {
  op <- action[["op"]]
  if (op == "log") {
    level <- action[["level"]]
    if (is.null(level)) level <- "INFO"
    ctx$log(action[["message"]], level = level)
  } else if (op == "report_asset_materialization") {
    ctx$report_asset_materialization(
      metadata = metadata_from_wire(action[["metadata"]]),
      asset_key = action[["asset_key"]],
      data_version = action[["data_version"]]
    )
  } else if (op == "report_asset_check") {
    args <- list(
      check_name = action[["check_name"]],
      passed = action[["passed"]],
      asset_key = action[["asset_key"]],
      metadata = metadata_from_wire(action[["metadata"]])
    )
    if (has_key(action, "severity")) args["severity"] <- list(action[["severity"]])
    do.call(ctx$report_asset_check, args)
  } else if (op == "report_custom_message") {
    ctx$report_custom_message(action[["payload"]])
  } else if (op == "get_extra") {
    value <- ctx$get_extra(action[["key"]])
    ctx$report_custom_message(list(pipes_conformance_extra = value))
  } else if (op == "report_context") {
    ctx$report_custom_message(list(pipes_conformance_context = context_snapshot(ctx)))
  } else if (op == "raise") {
    stop(action[["message"]])
  } else {
    unsupported(paste("unsupported op", describe(op)))
  }
}

main <- function() {
  tryCatch(
    {
      with_dagster_pipes(function(ctx) {
        extras <- ctx$extras
        actions <- if (has_key(extras, "pipes_conformance")) {
          driven_actions(extras[["pipes_conformance"]])
        } else {
          observed_actions(ctx)
        }
        for (action in actions) run_action(ctx, action)
      })
      0L
    },
    pipes_conformance_unsupported = function(e) {
      cat("pipes_conformance: ", conditionMessage(e), "\n", sep = "", file = stderr())
      3L
    }
  )
}

status <- main()
quit(save = "no", status = status)

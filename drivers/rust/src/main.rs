//! The pipes-conformance driver for the community Rust crate `dagster_pipes_rust`
//! (dagster-io/community-integrations, libraries/pipes/implementations/rust).
//!
//! Build: `cargo build --offline` in drivers/rust (see README.md for the crate checkout it
//! expects and the exact suite command); run the binary it builds.
//!
//! Driven mode (docs/DRIVERS.md): the actions in `extras.pipes_conformance` run in order
//! through the crate's public API, with the session held the way the crate is meant to be used:
//! `let mut context = open_dagster_pipes()?;` and the context dropped (its `Drop` writes `closed`)
//! when the session function returns, whether normally or with an error.
//!
//! - `log`: `context.logger.debug|info|warning|error|critical(message)`;
//! - `report_asset_materialization`: `context.report_asset_materialization(asset_key, metadata,
//!   data_version)`; null metadata is `HashMap::new()` (the crate takes a map, not an Option);
//! - `report_asset_check`: `context.report_asset_check(check_name, passed, asset_key, &severity,
//!   metadata)`; the crate has no default severity, so an absent severity is passed as
//!   `AssetCheckSeverity::Error` (the reference's default);
//! - `report_custom_message`: `context.report_custom_message(payload)`;
//! - `get_extra`: the crate has no `get_extra`; its public `context.data.extras` map is read (a
//!   missing key reads as None, sent as null: the crate does not refuse it);
//! - `report_context`: the crate has no accessors; the ten public `context.data` fields are
//!   serialized as they are (None is null);
//! - `raise`: the session function returns an error (`Err`), as `?` would; `main` prints it and
//!   exits 1. The crate's `Drop` then writes a clean `closed`: it forwards no exception, and this
//!   driver does not call `close(Some(exception))` by hand (the crate's pipes.toml declares
//!   `error_reporting = false`).
//!
//! Typed metadata uses the crate's constructors where one exists (`From<i64>` for int,
//! `From<f64>` for float, `From<bool>`, `From<String>` for text, `from_url`, `from_path`,
//! `from_notebook`, `from_md`, `from_asset`, `from_dagster_run`, `from_timestamp`, `null()`,
//! `From<HashMap>` / `From<Vec>` for json); anything else (`__infer__`, the table types, a raw
//! value the constructor cannot take) goes through the crate's own `Deserialize` for
//! `PipesMetadataValue`, and an error from it is the crate refusing the value.
//!
//! Observed mode (no `pipes_conformance` in the extras): log one line, materialize every asset
//! of the context once, send one custom message. Without the bootstrap variables the crate
//! returns an error (it has no standalone mode); the driver prints it and exits 1.
//!
//! Exit status: 0 after the last action; 1 when an action failed or the crate could not open
//! the session; 3 for an unsupported op or version (`pipes_conformance: unsupported ...` on
//! stderr).

use std::collections::HashMap;
use std::error::Error;
use std::fmt;

use dagster_pipes_rust::{open_dagster_pipes, AssetCheckSeverity, DefaultWriter, PipesContext, PipesMetadataValue};
use serde_json::{json, Map, Value};

const DRIVER_PROTOCOL_VERSION: i64 = 1;
const SUPPORTED_OPS: [&str; 7] = [
    "log",
    "report_asset_materialization",
    "report_asset_check",
    "report_custom_message",
    "get_extra",
    "report_context",
    "raise",
];

type Context = PipesContext<DefaultWriter>;

/// How the session ended other than normally.
#[derive(Debug)]
enum Failure {
    /// An action script this driver cannot run (exit 3).
    Unsupported(String),
    /// The `raise` action, or an error the crate returned (exit 1).
    Error(Box<dyn Error>),
}

#[derive(Debug)]
struct Raised(String);

impl fmt::Display for Raised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Raised {}

impl<E: Error + 'static> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure::Error(Box::new(error))
    }
}

fn describe(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => "null".to_string(),
    }
}

/// Validates the whole script up front, so that nothing runs from a script we cannot finish.
fn driven_actions(script: &Value) -> Result<Vec<Map<String, Value>>, Failure> {
    let version = match script {
        Value::Object(map) => map.get("version"),
        other => Some(other),
    };
    let is_one = match version {
        Some(Value::Number(number)) => number.as_f64() == Some(DRIVER_PROTOCOL_VERSION as f64),
        _ => false,
    };
    if !is_one {
        return Err(Failure::Unsupported(format!("unsupported version {}", describe(version))));
    }
    let actions = match script.get("actions") {
        Some(Value::Array(actions)) => actions,
        _ => return Err(Failure::Unsupported("unsupported actions (not a list)".to_string())),
    };
    let mut result = Vec::with_capacity(actions.len());
    for action in actions {
        let op = match action {
            Value::Object(map) => map.get("op"),
            other => Some(other),
        };
        match (op, action) {
            (Some(Value::String(name)), Value::Object(map)) if SUPPORTED_OPS.contains(&name.as_str()) => result.push(map.clone()),
            _ => return Err(Failure::Unsupported(format!("unsupported op {}", describe(op)))),
        }
    }
    Ok(result)
}

fn observed_actions(context: &Context) -> Vec<Map<String, Value>> {
    let mut actions = vec![json!({"op": "log", "message": "dagster_pipes_rust driver: observed mode", "level": "INFO"})];
    for key in context.data.asset_keys.clone().unwrap_or_default() {
        actions.push(json!({
            "op": "report_asset_materialization", "asset_key": key, "data_version": null,
            "metadata": {"driver": {"raw_value": "dagster_pipes_rust", "type": "text"}},
        }));
    }
    actions.push(json!({"op": "report_custom_message", "payload": {"observed": true}}));
    actions.into_iter().map(|action| action.as_object().cloned().unwrap_or_default()).collect()
}

fn string(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_string)
}

/// One wire-form metadata entry as a `PipesMetadataValue`, through the crate's constructors.
fn metadata_value(entry: &Value) -> Result<PipesMetadataValue, Failure> {
    let kind = entry.get("type").and_then(Value::as_str).unwrap_or("");
    let raw = entry.get("raw_value").unwrap_or(&Value::Null);
    let text = || raw.as_str().map(str::to_string);
    let built = match kind {
        "int" => raw.as_i64().map(PipesMetadataValue::from),
        "float" => raw.as_f64().map(PipesMetadataValue::from),
        "bool" => raw.as_bool().map(PipesMetadataValue::from),
        "text" => text().map(PipesMetadataValue::from),
        "url" => text().map(PipesMetadataValue::from_url),
        "path" => text().map(PipesMetadataValue::from_path),
        "notebook" => text().map(PipesMetadataValue::from_notebook),
        "md" => text().map(PipesMetadataValue::from_md),
        "asset" => text().map(PipesMetadataValue::from_asset),
        "dagster_run" => text().map(PipesMetadataValue::from_dagster_run),
        "timestamp" => raw.as_f64().map(PipesMetadataValue::from_timestamp),
        "null" if raw.is_null() => Some(PipesMetadataValue::null()),
        "json" => match raw {
            Value::Object(map) => Some(PipesMetadataValue::from(
                map.iter().map(|(k, v)| (k.clone(), if v.is_null() { None } else { Some(v.clone()) })).collect::<HashMap<String, Option<Value>>>(),
            )),
            Value::Array(items) => Some(PipesMetadataValue::from(
                items.iter().map(|v| if v.is_null() { None } else { Some(v.clone()) }).collect::<Vec<Option<Value>>>(),
            )),
            _ => None,
        },
        _ => None,
    };
    match built {
        Some(value) => Ok(value),
        None => Ok(serde_json::from_value::<PipesMetadataValue>(entry.clone())?),
    }
}

fn metadata_from_wire(wire: Option<&Value>) -> Result<HashMap<String, PipesMetadataValue>, Failure> {
    let mut result = HashMap::new();
    if let Some(Value::Object(map)) = wire {
        for (label, entry) in map {
            result.insert(label.clone(), metadata_value(entry)?);
        }
    }
    Ok(result)
}

fn borrowed(metadata: &HashMap<String, PipesMetadataValue>) -> HashMap<&str, PipesMetadataValue> {
    metadata.iter().map(|(label, value)| (label.as_str(), value.clone())).collect()
}

/// The ten context fields, read from the crate's public `context.data`.
fn context_snapshot(context: &Context) -> Result<Value, Failure> {
    let data = &context.data;
    Ok(json!({
        "asset_keys": serde_json::to_value(&data.asset_keys)?,
        "code_version_by_asset_key": serde_json::to_value(&data.code_version_by_asset_key)?,
        "provenance_by_asset_key": serde_json::to_value(&data.provenance_by_asset_key)?,
        "partition_key": serde_json::to_value(&data.partition_key)?,
        "partition_key_range": serde_json::to_value(&data.partition_key_range)?,
        "partition_time_window": serde_json::to_value(&data.partition_time_window)?,
        "run_id": serde_json::to_value(&data.run_id)?,
        "job_name": serde_json::to_value(&data.job_name)?,
        "retry_number": serde_json::to_value(data.retry_number)?,
        "extras": serde_json::to_value(&data.extras)?,
    }))
}

fn run_action(context: &mut Context, action: &Map<String, Value>) -> Result<(), Failure> {
    let op = action.get("op").and_then(Value::as_str).unwrap_or("");
    match op {
        "log" => {
            let message = action.get("message").and_then(Value::as_str).unwrap_or("");
            let level = string(action.get("level")).unwrap_or_else(|| "INFO".to_string());
            match level.to_uppercase().as_str() {
                "DEBUG" => context.logger.debug(message)?,
                "INFO" => context.logger.info(message)?,
                "WARNING" => context.logger.warning(message)?,
                "ERROR" => context.logger.error(message)?,
                "CRITICAL" => context.logger.critical(message)?,
                _ => return Err(Failure::Unsupported(format!("unsupported level {level}"))),
            }
        }
        "report_asset_materialization" => {
            let metadata = metadata_from_wire(action.get("metadata"))?;
            let asset_key = string(action.get("asset_key"));
            let data_version = string(action.get("data_version"));
            context.report_asset_materialization(asset_key.as_deref(), borrowed(&metadata), data_version.as_deref())?;
        }
        "report_asset_check" => {
            let metadata = metadata_from_wire(action.get("metadata"))?;
            let asset_key = string(action.get("asset_key"));
            let severity = match action.get("severity").and_then(Value::as_str) {
                Some("WARN") => AssetCheckSeverity::Warn,
                Some("ERROR") | None => AssetCheckSeverity::Error,
                Some(other) => return Err(Failure::Unsupported(format!("unsupported severity {other}"))),
            };
            let check_name = action.get("check_name").and_then(Value::as_str).unwrap_or("");
            let passed = action.get("passed").and_then(Value::as_bool).unwrap_or(false);
            context.report_asset_check(check_name, passed, asset_key.as_deref(), &severity, borrowed(&metadata))?;
        }
        "report_custom_message" => {
            context.report_custom_message(action.get("payload").cloned().unwrap_or(Value::Null))?;
        }
        "get_extra" => {
            let key = action.get("key").and_then(Value::as_str).unwrap_or("");
            let value = context.data.extras.as_ref().and_then(|extras| extras.get(key)).cloned().flatten().unwrap_or(Value::Null);
            context.report_custom_message(json!({ "pipes_conformance_extra": value }))?;
        }
        "report_context" => {
            let snapshot = context_snapshot(context)?;
            context.report_custom_message(json!({ "pipes_conformance_context": snapshot }))?;
        }
        "raise" => {
            return Err(Failure::Error(Box::new(Raised(describe(action.get("message"))))));
        }
        other => return Err(Failure::Unsupported(format!("unsupported op {other}"))),
    }
    Ok(())
}

/// One Pipes session; the context is dropped (and `closed` written by the crate) on return.
fn session() -> Result<(), Failure> {
    let mut context = open_dagster_pipes()?;
    let script = context.data.extras.as_ref().and_then(|extras| extras.get("pipes_conformance")).cloned();
    let actions = match script {
        Some(script) => driven_actions(&script.unwrap_or(Value::Null))?,
        None => observed_actions(&context),
    };
    for action in &actions {
        run_action(&mut context, action)?;
    }
    Ok(())
}

fn main() {
    let status = match session() {
        Ok(()) => 0,
        Err(Failure::Unsupported(text)) => {
            eprintln!("pipes_conformance: {text}");
            3
        }
        Err(Failure::Error(error)) => {
            // What `fn main() -> Result<(), E>` prints for an error, then exit 1.
            eprintln!("Error: {error}");
            1
        }
    };
    std::process::exit(status);
}

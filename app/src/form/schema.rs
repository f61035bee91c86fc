//! A form definition as JSON Schema (draft 2020-12), so other tools can read what a
//! submission's values look like. Limits, options and required fields carry over;
//! conditions do not (a hidden required field is not required), so fields that have
//! conditions are never listed as required.

use super::model::*;
use super::rules::IMAGE_EXTENSIONS;
use serde_json::{Value, json};

/// The JSON Schema of a form's values.
pub fn json_schema(name: &Text, version: i64, def: &FormDefinition) -> Value {
    let mut schema = object_schema(&def.fields);
    schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    schema["title"] = json!(name.zh);
    schema["description"] = json!(format!("{} (version {version})", name.en));
    schema
}

fn object_schema(fields: &[Field]) -> Value {
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for field in fields.iter().filter(|f| f.kind.holds_value()) {
        let mut property = field_schema(&field.kind);
        property["title"] = json!(field.label.zh);
        if !field.label.en.is_empty() {
            property["description"] = json!(field.label.en);
        }
        if field.required
            && field.visible_when.is_empty()
            && !matches!(field.kind, FieldKind::Computed { .. })
        {
            required.push(json!(field.key));
        }
        properties.insert(field.key.clone(), property);
    }
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

fn put(schema: &mut Value, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        schema[key] = v;
    }
}

fn field_schema(kind: &FieldKind) -> Value {
    match kind {
        FieldKind::Text { min_len, max_len } | FieldKind::Textarea { min_len, max_len } => {
            let mut s = json!({"type": "string"});
            put(&mut s, "minLength", min_len.map(|v| json!(v)));
            put(&mut s, "maxLength", max_len.map(|v| json!(v)));
            s
        }
        FieldKind::Number {
            min, max, decimals, ..
        } => {
            let mut s = json!({"type": if *decimals == 0 { "integer" } else { "number" }});
            put(&mut s, "minimum", min.map(|v| json!(v)));
            put(&mut s, "maximum", max.map(|v| json!(v)));
            s
        }
        FieldKind::Amount { min_fen, max_fen } => {
            let mut s = json!({"type": "integer", "$comment": "amount in fen (1/100 yuan)"});
            put(&mut s, "minimum", min_fen.map(|v| json!(v)));
            put(&mut s, "maximum", max_fen.map(|v| json!(v)));
            s
        }
        FieldKind::SingleChoice { options } => {
            json!({"type": "string", "enum": options.iter().map(|o| o.value.clone()).collect::<Vec<_>>()})
        }
        FieldKind::MultiChoice {
            options,
            min_selected,
            max_selected,
        } => {
            let mut s = json!({"type": "array", "uniqueItems": true,
                "items": {"type": "string", "enum": options.iter().map(|o| o.value.clone()).collect::<Vec<_>>()}});
            put(&mut s, "minItems", min_selected.map(|v| json!(v)));
            put(&mut s, "maxItems", max_selected.map(|v| json!(v)));
            s
        }
        FieldKind::Date { .. } => json!({"type": "string", "format": "date"}),
        FieldKind::DateRange { half_days, .. } => {
            let mut properties = json!({
                "start": {"type": "string", "format": "date"},
                "end": {"type": "string", "format": "date"},
                "days": {"type": "number", "readOnly": true},
            });
            if *half_days {
                properties["start_half"] = json!({"enum": ["am", "pm"]});
                properties["end_half"] = json!({"enum": ["am", "pm"]});
            }
            json!({"type": "object", "properties": properties, "required": ["start", "end"]})
        }
        FieldKind::Time => json!({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}),
        FieldKind::Employee { multiple } | FieldKind::Department { multiple } => {
            let mut s = json!({"type": "array", "items": {"type": "string"}, "$comment": "ids"});
            if !multiple {
                s["maxItems"] = json!(1);
            }
            s
        }
        FieldKind::Attachment {
            max_files,
            max_bytes,
            accept,
        } => files_schema(*max_files, *max_bytes, accept),
        FieldKind::Image {
            max_files,
            max_bytes,
        } => {
            let accept: Vec<String> = IMAGE_EXTENSIONS.iter().map(|s| s.to_string()).collect();
            files_schema(*max_files, *max_bytes, &accept)
        }
        FieldKind::Table {
            columns,
            min_rows,
            max_rows,
        } => {
            let mut s = json!({"type": "array", "items": object_schema(columns)});
            put(&mut s, "minItems", min_rows.map(|v| json!(v)));
            put(&mut s, "maxItems", max_rows.map(|v| json!(v)));
            s
        }
        FieldKind::Computed {
            formula, amount, ..
        } => json!({
            "type": if *amount { "integer" } else { "number" },
            "readOnly": true,
            "$comment": format!("computed by the server: {formula}"),
        }),
        FieldKind::Score { max_deduction, .. } => json!({
            "type": "object",
            "properties": {
                "deduction": {"type": "number", "minimum": 0, "maximum": max_deduction},
                "note": {"type": "string", "maxLength": 200},
            },
        }),
        FieldKind::Description { .. } => json!({}),
    }
}

fn files_schema(max_files: u32, max_bytes: u64, accept: &[String]) -> Value {
    json!({
        "type": "array",
        "maxItems": max_files,
        "items": {
            "type": "object",
            "required": ["id", "name", "size", "content_type"],
            "properties": {
                "id": {"type": "string", "$comment": "from POST /api/v1/uploads"},
                "name": {"type": "string", "$comment": format!("extension one of {}", accept.join(", "))},
                "size": {"type": "integer", "maximum": max_bytes},
                "content_type": {"type": "string"},
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::templates::builtin;

    #[test]
    fn the_expense_claim_schema_names_its_lines_total_and_limits() {
        let t = builtin()
            .into_iter()
            .find(|t| t.key == "expense")
            .expect("expense");
        let schema = json_schema(&t.name, 3, &t.definition);
        assert_eq!(schema["title"], json!("费用报销"));
        assert_eq!(schema["properties"]["lines"]["type"], json!("array"));
        assert_eq!(
            schema["properties"]["lines"]["items"]["properties"]["amount"]["type"],
            json!("integer")
        );
        assert_eq!(schema["properties"]["lines"]["maxItems"], json!(50));
        assert_eq!(schema["properties"]["total"]["readOnly"], json!(true));
        assert!(
            schema["required"]
                .as_array()
                .is_some_and(|r| r.contains(&json!("lines")))
        );
        assert!(
            schema["properties"]["expense_type"]["enum"]
                .as_array()
                .is_some_and(|e| e.contains(&json!("travel")))
        );
    }

    #[test]
    fn conditional_fields_are_never_required() {
        let t = builtin()
            .into_iter()
            .find(|t| t.key == "leave")
            .expect("leave");
        let schema = json_schema(&t.name, 1, &t.definition);
        let required = schema["required"].as_array().cloned().unwrap_or_default();
        assert!(required.contains(&json!("period")));
        assert!(!required.contains(&json!("sick_certificate")));
    }
}

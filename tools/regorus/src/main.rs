//! regorus-decide: evaluates Rego with regorus, Microsoft's Rego interpreter, for policyc's cross-check.
//!
//! Usage: regorus-decide [--data FILE.json]... FILE.rego... < queries.jsonl > answers.jsonl
//!
//! Every file is loaded as shipped, with regorus's default limits on line length and file size. Each input
//! line is one evaluation, `{"rule": "data.pkg.allow", "input": {...}}` (`input` may be left out); each output
//! line answers the input line of the same number: `{"value": V}`, `{"undefined": true}` or `{"error": "..."}`.
//! `regorus-decide version` prints the regorus version.
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use regorus::{Engine, Value};
use serde_json::json;

const REGORUS_VERSION: &str = "0.14.1";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args == ["version"] {
        println!("{REGORUS_VERSION}");
        return ExitCode::SUCCESS;
    }
    match load(&args).and_then(serve) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("regorus-decide: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// An engine holding every policy and data file named on the command line.
fn load(args: &[String]) -> Result<Engine> {
    let mut engine = Engine::new();
    let mut files = args.iter();
    while let Some(arg) = files.next() {
        if arg == "--data" {
            let Some(file) = files.next() else { bail!("--data needs a file") };
            let data = Value::from_json_file(file).with_context(|| format!("reading data {file}"))?;
            engine.add_data(data).with_context(|| format!("adding data {file}"))?;
        } else {
            engine.add_policy_from_file(arg).with_context(|| format!("loading policy {arg}"))?;
        }
    }
    Ok(engine)
}

fn serve(mut engine: Engine) -> Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.context("reading a query line")?;
        let answer = match evaluate(&mut engine, &line) {
            Ok(Value::Undefined) => json!({ "undefined": true }),
            Ok(value) => json!({ "value": serde_json::from_str::<serde_json::Value>(&value.to_json_str()?)? }),
            Err(error) => json!({ "error": format!("{error:#}") }),
        };
        serde_json::to_writer(&mut out, &answer)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn evaluate(engine: &mut Engine, line: &str) -> Result<Value> {
    let query = Value::from_json_str(line).context("the line is not JSON")?;
    let rule = match &query["rule"] {
        Value::String(rule) => rule.to_string(),
        _ => bail!("the line has no \"rule\" string"),
    };
    engine.set_input(query["input"].clone());
    engine.eval_rule(rule)
}

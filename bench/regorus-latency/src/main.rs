//! regorus-latency: the per-decision cost of regorus on policyc's bench inputs, timed inside the process.
//!
//! Usage: regorus-latency RULE DATA.json POLICY.rego < inputs.jsonl
//! Every input line is one `input` document. All lines are read and parsed first; each is then evaluated once
//! as a warm-up, and ROUNDS more times, each evaluation (setting the input and evaluating RULE) timed alone.
//! Prints one JSON line: each input's fastest evaluation in nanoseconds, in input order (the machine is shared:
//! an evaluation another process preempted is slow in one round, not in all), and how many inputs' evaluations
//! returned `true`.
use std::io::{self, BufRead};
use std::time::Instant;

use anyhow::{Context, Result};
use regorus::{Engine, Value};

const ROUNDS: usize = 7;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [rule, data, policy] = args.as_slice() else { anyhow::bail!("usage: regorus-latency RULE DATA.json POLICY.rego < inputs.jsonl") };
    let mut engine = Engine::new();
    engine.add_data(Value::from_json_file(data).context("reading data")?)?;
    engine.add_policy_from_file(policy).context("loading policy")?;
    let inputs = io::stdin().lock().lines().map(|line| Ok(Value::from_json_str(&line?)?)).collect::<Result<Vec<Value>>>()?;
    let mut fastest = vec![u128::MAX; inputs.len()];
    let mut allowed = 0;
    for round in 0..=ROUNDS {
        allowed = 0;
        for (i, input) in inputs.iter().enumerate() {
            let started = Instant::now();
            engine.set_input(input.clone());
            let value = engine.eval_rule(rule.clone());
            let nanos = started.elapsed().as_nanos();
            if round > 0 {
                fastest[i] = fastest[i].min(nanos);
            }
            if matches!(value, Ok(Value::Bool(true))) {
                allowed += 1;
            }
        }
    }
    println!("{{\"nanos\": {:?}, \"allowed\": {}}}", fastest, allowed);
    Ok(())
}

// opa-latency: the per-decision cost of OPA's Go API on policyc's bench inputs, timed inside the process.
// Usage: opa-latency RULE DATA.json POLICY.rego < inputs.jsonl
//
// The bundle is loaded as `opa run` loads it: data.json read with OPA's JSON decoder into an in-memory store
// (without the round trip on write, as the server's store), and the query for RULE prepared once on it with
// rego.PrepareForEval. Every input line is one `input` document, read and turned into OPA's ast.Value first, as
// the server does before its eval timer starts. Each input is then decided once as a warm-up and in ROUNDS more
// rounds, each decision (Eval of the prepared query with the input set) timed alone. Prints one JSON line: each
// input's fastest decision in nanoseconds, in input order (the machine is shared: a decision another process
// preempted is slow in one round, not in all), how many inputs' RULE was `true`, and whether each input's was
// (`allows`, in input order), so that each decision can be checked against its fixture.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/util"
)

const rounds = 7

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "opa-latency:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 4 {
		return fmt.Errorf("usage: opa-latency RULE DATA.json POLICY.rego < inputs.jsonl")
	}
	rule, dataFile, policyFile := os.Args[1], os.Args[2], os.Args[3]
	ctx := context.Background()
	query, err := prepare(ctx, rule, dataFile, policyFile)
	if err != nil {
		return err
	}
	inputs, err := readInputs()
	if err != nil {
		return err
	}
	fastest := make([]int64, len(inputs))
	allows := make([]bool, len(inputs))
	allowed := 0
	for round := 0; round <= rounds; round++ {
		allowed = 0
		for i, input := range inputs {
			started := time.Now()
			results, err := query.Eval(ctx, rego.EvalParsedInput(input))
			nanos := time.Since(started).Nanoseconds()
			if err != nil {
				return fmt.Errorf("input %d: %w", i+1, err)
			}
			if round == 1 || (round > 1 && nanos < fastest[i]) {
				fastest[i] = nanos
			}
			// An undefined rule has no result: only `true` allows.
			allows[i] = len(results) == 1 && results[0].Expressions[0].Value == true
			if allows[i] {
				allowed++
			}
		}
	}
	out, err := json.Marshal(map[string]any{"nanos": fastest, "allowed": allowed, "allows": allows})
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}

// prepare loads the bundle's two files and prepares the query for rule on them.
func prepare(ctx context.Context, rule, dataFile, policyFile string) (rego.PreparedEvalQuery, error) {
	data, err := os.ReadFile(dataFile)
	if err != nil {
		return rego.PreparedEvalQuery{}, err
	}
	policy, err := os.ReadFile(policyFile)
	if err != nil {
		return rego.PreparedEvalQuery{}, err
	}
	var document map[string]any
	if err := util.UnmarshalJSON(data, &document); err != nil {
		return rego.PreparedEvalQuery{}, fmt.Errorf("%s: %w", dataFile, err)
	}
	store := inmem.NewFromObjectWithOpts(document, inmem.OptRoundTripOnWrite(false))
	return rego.New(rego.Query(rule), rego.Module(filepath.Base(policyFile), string(policy)), rego.Store(store)).PrepareForEval(ctx)
}

// readInputs reads one input document a line from stdin, each as OPA's value.
func readInputs() ([]ast.Value, error) {
	var inputs []ast.Value
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	for in.Scan() {
		var document any
		if err := util.UnmarshalJSON(in.Bytes(), &document); err != nil {
			return nil, fmt.Errorf("line %d: %w", len(inputs)+1, err)
		}
		value, err := ast.InterfaceToValue(document)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", len(inputs)+1, err)
		}
		inputs = append(inputs, value)
	}
	return inputs, in.Err()
}

// cedar-go-latency: the per-decision cost of cedar-go on policyc's bench requests, timed inside the process.
// Usage: cedar-go-latency POLICIES.cedar < requests.jsonl
//
// Each input line is one request as tools/cedar-go reads it. Every line is decided once as a warm-up and then
// in ROUNDS more rounds, each decision timed alone: reading the request's JSON (its entities included, as
// cedar-wasm reads them within its call) and cedar.Authorize. Prints one JSON line: each request's fastest
// decision in nanoseconds, in input order (the machine is shared: a decision another process preempted is slow
// in one round, not in all), and how many requests were allowed without errors.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"

	cedar "github.com/cedar-policy/cedar-go"
)

const rounds = 7

type request struct {
	Principal cedar.EntityUID `json:"principal"`
	Action    cedar.EntityUID `json:"action"`
	Resource  cedar.EntityUID `json:"resource"`
	Context   cedar.Record    `json:"context"`
	Entities  cedar.EntityMap `json:"entities"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "cedar-go-latency:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 2 {
		return fmt.Errorf("usage: cedar-go-latency POLICIES.cedar < requests.jsonl")
	}
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		return err
	}
	policies, err := cedar.NewPolicySetFromBytes(os.Args[1], text)
	if err != nil {
		return err
	}
	var lines [][]byte
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	for in.Scan() {
		lines = append(lines, append([]byte(nil), in.Bytes()...))
	}
	if err := in.Err(); err != nil {
		return err
	}
	fastest := make([]int64, len(lines))
	allowed := 0
	for round := 0; round <= rounds; round++ {
		allowed = 0
		for i, line := range lines {
			started := time.Now()
			var req request
			if err := json.Unmarshal(line, &req); err != nil {
				return fmt.Errorf("line %d: %w", i+1, err)
			}
			decision, diagnostic := cedar.Authorize(policies, req.Entities, cedar.Request{Principal: req.Principal, Action: req.Action, Resource: req.Resource, Context: req.Context})
			nanos := time.Since(started).Nanoseconds()
			if round == 1 || (round > 1 && nanos < fastest[i]) {
				fastest[i] = nanos
			}
			if decision == cedar.Allow && len(diagnostic.Errors) == 0 {
				allowed++
			}
		}
	}
	out, err := json.Marshal(map[string]any{"nanos": fastest, "allowed": allowed})
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}

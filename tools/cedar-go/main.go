// cedar-go-decide: decides Cedar requests with cedar-go, the Cedar team's Go implementation, for policyc's
// cross-check. Usage: cedar-go-decide POLICIES.cedar < requests.jsonl > decisions.jsonl
//
// Each input line is one request: {"principal", "action", "resource": {"type", "id"}, "context": {...},
// "entities": [Cedar JSON entities]}. Each output line answers the input line of the same number:
// {"decision": "allow"|"deny", "errors": [...]} or {"error": "..."} when the line could not be read.
// `cedar-go-decide version` prints the cedar-go module version.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"

	cedar "github.com/cedar-policy/cedar-go"
)

type request struct {
	Principal cedar.EntityUID `json:"principal"`
	Action    cedar.EntityUID `json:"action"`
	Resource  cedar.EntityUID `json:"resource"`
	Context   cedar.Record    `json:"context"`
	Entities  cedar.EntityMap `json:"entities"`
}

type answer struct {
	Decision string   `json:"decision,omitempty"`
	Errors   []string `json:"errors,omitempty"`
	Error    string   `json:"error,omitempty"`
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "version" {
		fmt.Println(cedarGoVersion())
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: cedar-go-decide POLICIES.cedar < requests.jsonl")
		os.Exit(2)
	}
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	policies, err := cedar.NewPolicySetFromBytes(os.Args[1], text)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cedar-go rejected the policies:", err)
		os.Exit(1)
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	for in.Scan() {
		if err := encoder.Encode(decide(policies, in.Bytes())); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func decide(policies *cedar.PolicySet, line []byte) answer {
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return answer{Error: err.Error()}
	}
	decision, diagnostic := cedar.Authorize(policies, req.Entities, cedar.Request{
		Principal: req.Principal,
		Action:    req.Action,
		Resource:  req.Resource,
		Context:   req.Context,
	})
	result := answer{Decision: "deny"}
	if decision == cedar.Allow {
		result.Decision = "allow"
	}
	for _, e := range diagnostic.Errors {
		result.Errors = append(result.Errors, fmt.Sprintf("%s: %s", e.PolicyID, e.Message))
	}
	return result
}

func cedarGoVersion() string {
	info, ok := debug.ReadBuildInfo()
	if ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/cedar-policy/cedar-go" {
				return dep.Version
			}
		}
	}
	return "unknown"
}

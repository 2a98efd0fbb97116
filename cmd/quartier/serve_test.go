package main

import (
	"strings"
	"testing"
)

func TestParseProxies(t *testing.T) {
	got, err := parseProxies(" 10.0.0.2, 10.1.0.0/16 ,2001:db8::/32,")
	if err != nil || len(got) != 3 || got[0].String() != "10.0.0.2/32" || got[1].String() != "10.1.0.0/16" || got[2].String() != "2001:db8::/32" {
		t.Errorf("%v %v", got, err)
	}
	if _, err := parseProxies("proxy.example.org"); err == nil || !strings.Contains(err.Error(), "weder eine Adresse") {
		t.Errorf("a name accepted: %v", err)
	}
}

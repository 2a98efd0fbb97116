package spatial

import (
	"slices"
	"testing"
)

func TestBlockAreas(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	loc := a.Locator()
	blocks, areas, ok := loc.BlockAreas("spalte")
	if !ok || len(blocks) != 9 || len(areas) != 9 {
		t.Fatalf("spalte: %v %v %v", blocks, areas, ok)
	}
	for i, b := range blocks {
		want := [3]string{"west", "mitte", "ost"}[b[3]-'0']
		if areas[i] != want {
			t.Errorf("block %s in %s, want %s", b, areas[i], want)
		}
	}
	bs, same, ok := loc.BlockAreas("blk")
	if !ok || !slices.Equal(bs, same) || !slices.Equal(bs, blocks) {
		t.Errorf("the block layer maps each block to itself: %v %v", bs, same)
	}
	if _, _, ok := loc.BlockAreas("gibtsnicht"); ok {
		t.Error("an unknown layer has no block table")
	}
	if v, ok := loc.Version("spalte"); !ok || !v.ReferenceDate.Equal(day0) {
		t.Errorf("version %+v %v", v, ok)
	}
	if _, ok := loc.Version("gibtsnicht"); ok {
		t.Error("an unknown layer has no version")
	}
}

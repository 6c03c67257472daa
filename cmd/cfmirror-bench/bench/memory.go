package bench

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// heapSampleEvery is how often the heap sampler reads the memory stats.
const heapSampleEvery = 10 * time.Millisecond

// memoryWatch tracks the Go heap's high-water mark by sampling while a
// sync runs. Start it with watchMemory and end it with stop.
type memoryWatch struct {
	done chan struct{}
	wg   sync.WaitGroup
	peak uint64 // written by the sampler until stop returns
}

// watchMemory collects garbage, hands free memory back to the kernel,
// resets the process's peak RSS where the kernel allows it, and starts
// sampling the heap. Each sync's peak is then its own, not one left over
// from the sync before.
func watchMemory() *memoryWatch {
	debug.FreeOSMemory()
	resetPeakRSS()
	m := &memoryWatch{done: make(chan struct{})}
	m.sample()
	m.wg.Add(1)
	go m.loop()
	return m
}

func (m *memoryWatch) loop() {
	defer m.wg.Done()
	t := time.NewTicker(heapSampleEvery)
	defer t.Stop()
	for {
		select {
		case <-m.done:
			return
		case <-t.C:
			m.sample()
		}
	}
}

func (m *memoryWatch) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.peak = max(m.peak, ms.HeapAlloc)
}

// stop ends the sampling and returns the heap's high-water mark and the
// process's peak RSS (VmHWM; 0 where /proc is missing), in bytes.
func (m *memoryWatch) stop() (heap, rss uint64) {
	close(m.done)
	m.wg.Wait()
	m.sample()
	return m.peak, peakRSS()
}

// resetPeakRSS asks Linux to restart VmHWM from the current RSS, so each
// measured sync reports its own peak. It fails silently elsewhere.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS reads VmHWM from /proc/self/status; 0 when unavailable.
func peakRSS() uint64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	return parseHWM(raw)
}

// parseHWM finds the "VmHWM:   1234 kB" line and returns bytes.
func parseHWM(status []byte) uint64 {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0
		}
		kb, _ := strconv.ParseUint(f[0], 10, 64)
		return kb << 10
	}
	return 0
}

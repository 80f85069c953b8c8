// window.crm.timing (docs/automation.md): the start's milestones and each step before the first frame, in
// performance.now() ms, i.e. since navigation start. Steps that run at the same time (the saved database loads
// while the module downloads) overlap; none of them may wait on the network or on a timer.
export const timing = {
  firstFrameMs: null,
  readyMs: null,
  dataShownMs: null,  // the first frame that shows data: readyMs, or on a first start the first synced page's
  dataShownFrame: null,  // that frame's number (1: the first frame), and the ready frame's
  readyFrame: null,
  pagesLoadMs: null,  // CrmPageStore.open: writer lock, IndexedDB open, every saved chunk read
  pagesCopyMs: null,  // the chunks copied into the page store before main()
  // A new device's first sync page asked for from the head (start_early.js): 'early' (its answer was the
  // driver's first), 'unused' (the driver's first request was another), 'fallback: <why>' (the driver asked
  // itself), null (none was asked for).
  firstSync: null,
  steps: {},          // name -> {startMs, endMs}; endMs null while the step runs
};

export function stepStarted(name, startMs = performance.now()) {
  timing.steps[name] = { startMs, endMs: null };
}

export function stepEnded(name, endMs = performance.now()) {
  const step = timing.steps[name];
  if (step) step.endMs = endMs;
}

export function step(name, startMs, endMs) {
  timing.steps[name] = { startMs, endMs };
}

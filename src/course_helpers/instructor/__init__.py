"""The teacher's side: release (keys), collect, regrade, gradebook, LMS exports, item analysis and views."""

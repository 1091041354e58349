"""Planning a counselor's visits (issue 19): appointments, the week's schedule and its
reminders, hand-backs; joint and delegated visits and proposed households. Headless."""

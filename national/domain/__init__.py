"""The receiver's rules: plain Python, no I/O (which documents it takes, what adds up)."""

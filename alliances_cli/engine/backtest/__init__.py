"""Does stress predict change? Predictions made from one time slice, scored on the next.

`points.py` turns a pair of consecutive slices into scored points (existing ties, untied
pairs, new ties' signs, actors), each with its outcome and the scores of the tool's labels and
of the baselines; `scores.py` scores them (ROC AUC, precision at k, Brier score, calibration,
bootstrap intervals); `simulate.py` makes series with a known answer; `run.py` puts them
together into the records of `records.py`; `verdicts.py` judges each label; `history.py`
carries a severity's track record to `show`.
"""

"""PySpark local mode runs `critique check --jsonl` over a file of records with RDD.pipe.

Usage: python spark_stream.py RECORDS.jsonl WORKSPACE OUT.jsonl [CRITIQUE]

CRITIQUE is the binary (default `critique`; Spark's Python workers do not always see the
driver's PATH, so give an absolute path when in doubt).

Run from WORKSPACE (its critique.json names the rubric folders), each partition's lines go
through one `critique check --jsonl` process; the stream keeps its input order, and the
partitions of a text file are in file order, so the collected lines are in input order.
This is the README's PySpark example.
"""
import os
import shlex
import sys

from pyspark.sql import SparkSession

records, workspace, out = (os.path.abspath(a) for a in sys.argv[1:4])
critique = sys.argv[4] if len(sys.argv) > 4 else "critique"
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
os.chdir(workspace)
spark = (SparkSession.builder.master("local[2]").appName("critique-check")
         .config("spark.ui.enabled", "false").getOrCreate())
try:
    results = spark.sparkContext.textFile(records, minPartitions=4).pipe(shlex.quote(critique) + " check --jsonl")
    with open(out, "w") as f:
        for line in results.collect():
            f.write(line + "\n")
finally:
    spark.stop()

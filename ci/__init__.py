"""The lab's CI/CD pipeline as code: a Buildbot master and worker (make ci-up), the pipeline
they run (pipeline.py, read by master.cfg), the worker-side stage scripts, and a Jenkinsfile
expressing the same stages."""

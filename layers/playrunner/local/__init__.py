"""The local stack: all of playrunner on one machine, AWS services played by moto."""
